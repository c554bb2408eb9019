import Testing
@testable import Domain

@Suite struct VietnameseTextTests {
    @Test func foldsNamesToPlainLowercase() {
        #expect(VietnameseText.fold("Nguyễn Văn An") == "nguyen van an")
        #expect(VietnameseText.fold("ĐẶNG") == "dang")
        #expect(VietnameseText.fold("Trần Thị Bích Ngọc") == "tran thi bich ngoc")
        #expect(VietnameseText.fold("Ưng Hoàng Phúc") == "ung hoang phuc")
        #expect(VietnameseText.fold("Ơn Ân Ăn Ê Ô") == "on an an e o")
    }

    @Test func foldsEveryVowelWithEveryTone() {
        let groups = [
            "aàảãáạăằẳẵắặâầẩẫấậ": "a", "eèẻẽéẹêềểễếệ": "e", "iìỉĩíị": "i",
            "oòỏõóọôồổỗốộơờởỡớợ": "o", "uùủũúụưừửữứự": "u", "yỳỷỹýỵ": "y", "dđ": "d",
        ]
        for (letters, base) in groups {
            for letter in letters {
                #expect(VietnameseText.fold(String(letter)) == base)
                #expect(VietnameseText.fold(String(letter).uppercased()) == base)
            }
        }
    }

    @Test func oldAndNewTonePlacementFoldAlike() {
        #expect(VietnameseText.fold("hoà") == "hoa")
        #expect(VietnameseText.fold("hòa") == "hoa")
        #expect(VietnameseText.fold("Thuỷ") == VietnameseText.fold("Thủy"))
    }

    @Test func decomposedInputFoldsLikePrecomposed() {
        let decomposed = "Nguye\u{0302}\u{0303}n Va\u{0306}n A\u{0323}\u{0302}n" // Nguyễn Văn Ận
        #expect(VietnameseText.fold(decomposed) == "nguyen van an")
        #expect(VietnameseText.fold("D\u{0323}") == "d")
    }

    @Test func ethTypedForDStrokeFoldsToD() {
        #expect(VietnameseText.fold("\u{00D0}ức") == "duc")
    }

    @Test func collapsesAndTrimsWhitespace() {
        #expect(VietnameseText.fold("  Lê \t Văn\n\u{00A0}Tám  ") == "le van tam")
        #expect(VietnameseText.fold("") == "")
        #expect(VietnameseText.fold(" \n ") == "")
    }

    @Test func keepsPunctuationDigitsAndOtherScripts() {
        #expect(VietnameseText.fold("H'Hen Niê") == "h'hen nie")
        #expect(VietnameseText.fold("Thôn 3, xã Tân Phú") == "thon 3, xa tan phu")
        #expect(VietnameseText.fold("ΑΒΓ 李") == "αβγ 李")
        #expect(VietnameseText.fold("Zoë Ñuñez") == "zoe nunez")
        #expect(VietnameseText.fold("a\u{200B}b") == "ab")
    }

    @Test func matchesIgnoringDiacriticsAndCase() {
        #expect(VietnameseText.matches("Nguyễn Văn An", query: "nguyen van an"))
        #expect(VietnameseText.matches("Nguyễn Văn An", query: "VĂN"))
        #expect(VietnameseText.matches("Đặng Thị Hoà", query: "hòa"))
        #expect(VietnameseText.matches("Đặng Thị Hoà", query: "dang  thi"))
        #expect(!VietnameseText.matches("Nguyễn Văn An", query: "binh"))
        #expect(!VietnameseText.matches("An", query: "an b"))
    }

    @Test func emptyQueryMatchesEverything() {
        #expect(VietnameseText.matches("Nguyễn Văn An", query: ""))
        #expect(VietnameseText.matches("", query: "  "))
    }
}
