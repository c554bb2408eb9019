import Foundation
import Testing
@testable import Domain

@Suite struct VietnameseCollationTests {
    private func nameOrder(_ names: [String]) -> [String] {
        names.sorted { VietnameseCollation.sortKey(forName: $0) < VietnameseCollation.sortKey(forName: $1) }
    }

    private func textOrder(_ texts: [String]) -> [String] {
        texts.sorted { VietnameseCollation.sortKey(forText: $0) < VietnameseCollation.sortKey(forText: $1) }
    }

    @Test func namesSortByGivenNameFirst() {
        #expect(VietnameseCollation.areNamesInIncreasingOrder("Nguyễn Văn An", "Trần Thị Bình"))
        #expect(VietnameseCollation.areNamesInIncreasingOrder("Trần Văn An", "Lê Bình"))
        #expect(!VietnameseCollation.areNamesInIncreasingOrder("Trần Thị Bình", "Nguyễn Văn An"))
    }

    @Test func dStrokeComesAfterD() {
        #expect(VietnameseCollation.areNamesInIncreasingOrder("Lê Văn Dũng", "Lê Văn Đức"))
        #expect(VietnameseCollation.areNamesInIncreasingOrder("Lê Văn Duy", "Lê Văn Đạt"))
    }

    @Test func sameGivenNameSortsByFamilyThenMiddleName() {
        #expect(nameOrder(["Trần Văn An", "Lê Văn An", "Lê Thị An", "An"])
            == ["An", "Lê Thị An", "Lê Văn An", "Trần Văn An"])
    }

    @Test func shorterGivenNameFirst() {
        #expect(nameOrder(["Lê Anh", "Trần An", "Phạm An Hòa"]) == ["Trần An", "Lê Anh", "Phạm An Hòa"])
    }

    @Test func tonesOnlyBreakTiesInTheOrderNgangHuyenHoiNgaSacNang() {
        #expect(textOrder(["ạnh", "ánh", "ãnh", "ảnh", "ành", "anh"])
            == ["anh", "ành", "ảnh", "ãnh", "ánh", "ạnh"])
        // Letters decide before tones anywhere in the text.
        #expect(textOrder(["Ánh", "Anhe"]) == ["Ánh", "Anhe"])
        #expect(textOrder(["bà b", "ba c"]) == ["bà b", "ba c"])
        #expect(VietnameseCollation.areNamesInIncreasingOrder("Lê Anh", "Nguyễn Ánh"))
    }

    @Test func givenNameToneComesBeforeFamilyName() {
        #expect(nameOrder(["Lê Ánh", "Trần Anh", "Lê Anh"]) == ["Lê Anh", "Trần Anh", "Lê Ánh"])
    }

    @Test func vowelsWithMarksAreSeparateLetters() {
        #expect(textOrder(["ân", "ăn", "anh", "bà", "an"]) == ["an", "anh", "ăn", "ân", "bà"])
        #expect(textOrder(["ơ", "ô", "o", "p"]) == ["o", "ô", "ơ", "p"])
        #expect(textOrder(["ư", "u", "v", "e", "ê", "g"]) == ["e", "ê", "g", "u", "ư", "v"])
        // The letter outranks any tone: ả < ă even though ả has a tone.
        #expect(textOrder(["ăa", "ảa"]) == ["ảa", "ăa"])
    }

    @Test func wholeAlphabetWithTonesInOrder() {
        let ordered = Array("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ")
            .map(String.init)
        #expect(textOrder(ordered.reversed()) == ordered)
        for letter in ordered {
            let key = VietnameseCollation.sortKey(forText: letter)
            #expect(VietnameseCollation.sortKey(forText: letter.uppercased()) == key)
            #expect(VietnameseCollation.sortKey(forText: letter.decomposedStringWithCanonicalMapping) == key)
        }
    }

    @Test func foreignLettersTakeTheirLatinPlaces() {
        #expect(textOrder(["z", "y", "w", "x", "v", "j", "k", "i", "f", "g", "e"])
            == ["e", "f", "g", "i", "j", "k", "v", "w", "x", "y", "z"])
    }

    @Test func caseAndNormalisationDoNotMatter() {
        let key = VietnameseCollation.sortKey(forName: "Nguyễn Văn Ận")
        #expect(VietnameseCollation.sortKey(forName: "NGUYỄN VĂN ẬN") == key)
        #expect(VietnameseCollation.sortKey(forName: "nguye\u{0302}\u{0303}n va\u{0306}n a\u{0323}\u{0302}n") == key)
        #expect(VietnameseCollation.sortKey(forName: "  Nguyễn   Văn Ận ") == key)
    }

    @Test func oldAndNewTonePlacementCollateAlike() {
        #expect(VietnameseCollation.sortKey(forText: "Hoà") == VietnameseCollation.sortKey(forText: "Hòa"))
        #expect(VietnameseCollation.sortKey(forName: "Thuỷ") == VietnameseCollation.sortKey(forName: "Thủy"))
    }

    @Test func textKeepsWrittenOrder() {
        #expect(textOrder(["Xã Tân Phú", "Phường Bến Thành", "Xã An Phú"])
            == ["Phường Bến Thành", "Xã An Phú", "Xã Tân Phú"])
    }

    @Test func numbersCompareByValue() {
        #expect(textOrder(["Thôn 10", "Thôn 2", "Thôn 02A", "Thôn 1", "Thôn A"])
            == ["Thôn 1", "Thôn 2", "Thôn 02A", "Thôn 10", "Thôn A"])
    }

    @Test func punctuationSeparatesWords() {
        #expect(VietnameseCollation.sortKey(forText: "Bà Rịa - Vũng Tàu") == VietnameseCollation.sortKey(forText: "Bà Rịa Vũng Tàu"))
        #expect(VietnameseCollation.sortKey(forName: "Nguyễn Văn An .") == VietnameseCollation.sortKey(forName: "Nguyễn Văn An"))
    }

    @Test func otherScriptsComeAfterLatin() {
        #expect(textOrder(["李", "z", "ά"]) == ["z", "ά", "李"])
    }

    @Test func emptyKeysSortFirst() {
        #expect(VietnameseCollation.sortKey(forName: "") == "")
        #expect(VietnameseCollation.sortKey(forText: " - ") == "")
        #expect(textOrder(["a", "", "0"]) == ["", "0", "a"])
    }

    @Test func keysArePrintableASCIIForDatabaseColumns() {
        for text in ["Nguyễn Văn Ận", "Thôn 10", "李 Zoë", "Bà Rịa - Vũng Tàu"] {
            #expect(VietnameseCollation.sortKey(forName: text).utf8.allSatisfy { (0x21...0x7E).contains($0) })
        }
    }

    @Test func byteOrderOfKeysMatchesTheComparators() {
        let names = ["Đỗ Thị Út", "Lê Ư", "Nguyễn Văn An", "Phạm Ánh", "Hồ Anh", "Trương Ân", "Vũ Ăn", "Ngô Bình"]
        let byKey = names.sorted {
            VietnameseCollation.sortKey(forName: $0).utf8.lexicographicallyPrecedes(VietnameseCollation.sortKey(forName: $1).utf8)
        }
        #expect(byKey == names.sorted(by: VietnameseCollation.areNamesInIncreasingOrder))
        #expect(byKey == ["Nguyễn Văn An", "Hồ Anh", "Phạm Ánh", "Vũ Ăn", "Trương Ân", "Ngô Bình", "Đỗ Thị Út", "Lê Ư"])
    }
}
