import Foundation
import Testing
@testable import Spreadsheet

struct RoundTripTests {
    private let folder: ScratchFolder

    init() throws {
        folder = try ScratchFolder()
    }

    @Test func everyCellKindReadsBackAsWritten() throws {
        let url = folder.file("kinds.xlsx")
        let written: [CellValue] = [
            .text("Nguyễn Thị Hồng Đào"), .text("001234567890"), .number(42), .number(-3.25), .number(1e-7),
            .number(1.2345678901234567e20), .boolean(true), .boolean(false), .date(utcDate(2024, 2, 29)),
            .date(utcDate(1987, 6, 5, 13, 45)), .error("#N/A"), .text("  spaces kept  "), .text("line\nbreak\ttab"),
        ]
        let writer = try WorkbookWriter(url: url)
        try writer.addSheet(named: "households") { sheet in
            try sheet.appendHeaderRow(["Họ và tên", "Số định danh"])
            try sheet.appendRow(written)
        }
        try writer.finish()

        let reader = try WorkbookReader(url: url)
        #expect(reader.sheetNames == ["households"])
        let rows = try reader.rows(inSheet: "households")
        #expect(rows == [
            SheetRow(number: 1, cells: [.text("Họ và tên"), .text("Số định danh")]),
            SheetRow(number: 2, cells: written),
        ])
    }

    @Test func sheetsFilledAlongsideEachOtherTakeTheOrderTheyAreAddedIn() throws {
        let url = folder.file("alongside.xlsx")
        let writer = try WorkbookWriter(url: url)
        let households = try writer.beginSheet(named: "households")
        let members = try writer.beginSheet(named: "members")
        #expect(throws: SpreadsheetError.invalidSheetName("Members")) { try writer.beginSheet(named: "Members") }
        for number in 1...3 {
            try households.appendRow([.text("HD-\(number)")])
            try members.appendRow([.text("HD-\(number)"), .text("Người \(number)a")])
            try members.appendRow([.text("HD-\(number)"), .text("Người \(number)b")])
        }
        try writer.add(households)
        try writer.add(members)
        #expect(throws: SpreadsheetError.invalidSheetName("members")) { try writer.add(members) }
        try writer.addSheet(named: "notes") { try $0.appendRow([.text("ghi chú")]) }
        try writer.finish()

        let reader = try WorkbookReader(url: url)
        #expect(reader.sheetNames == ["households", "members", "notes"])
        #expect(try reader.rows(inSheet: "households").map(\.cells) == (1...3).map { [.text("HD-\($0)")] })
        #expect(try reader.rows(inSheet: "members").map { $0.cells[1] } == (1...3).flatMap { [.text("Người \($0)a"), .text("Người \($0)b")] })
    }

    @Test func emptyCellsAreLeftOutAndReadBackEmpty() throws {
        let url = folder.file("sparse.xlsx")
        let writer = try WorkbookWriter(url: url)
        try writer.addSheet(named: "members") { sheet in
            try sheet.appendRow([.empty, .text("B"), .empty, .empty, .number(5)])
            try sheet.appendRow([])
            try sheet.appendRow([.text("A")])
        }
        try writer.finish()

        #expect(!(try partText("xl/worksheets/sheet1.xml", in: url)).contains(#"r="A1""#))
        let rows = try WorkbookReader(url: url).rows(inSheet: "members")
        #expect(rows.map(\.cells) == [[.empty, .text("B"), .empty, .empty, .number(5)], [], [.text("A")]])
        #expect(rows[0][0] == .empty)
        #expect(rows[0][99] == .empty)
    }

    @Test func escapesMarkupAndDropsCharactersXMLForbids() throws {
        let url = folder.file("escaping.xlsx")
        let writer = try WorkbookWriter(url: url)
        try writer.addSheet(named: "A&B <\"x\">") { sheet in
            try sheet.appendRow([.text("<b>\"Hộ\" & 'con'</b>"), .text("bell\u{7}null\u{0}end\u{FFFE}\u{FFFF}!\u{EFFF}")])
        }
        try writer.finish()

        let reader = try WorkbookReader(url: url)
        #expect(reader.sheetNames == ["A&B <\"x\">"])
        #expect(try reader.rows(inSheet: "A&B <\"x\">")[0].cells == [.text("<b>\"Hộ\" & 'con'</b>"), .text("bellnullend!\u{EFFF}")])
    }

    @Test func layoutFreezesTheHeaderSetsWidthsAndOffersLists() throws {
        let url = folder.file("layout.xlsx")
        let writer = try WorkbookWriter(url: url)
        let layout = SheetLayout(
            columns: [ColumnLayout(width: 30), ColumnLayout(width: 16, isText: true)],
            frozenRows: 1,
            listValidations: [
                ListValidation(columnIndex: 2, source: .values(["Kinh", "Khmer", "Hoa \"Hán\""])),
                ListValidation(columnIndex: 3, rows: 2...500, source: .cells(sheet: "danh mục", columnIndex: 0, rows: 1...3)),
            ]
        )
        try writer.addSheet(named: "households", layout: layout) { sheet in
            try sheet.appendHeaderRow(["Chủ hộ", "Số định danh", "Dân tộc", "Tỉnh"])
        }
        try writer.addSheet(named: "danh mục", layout: SheetLayout(isHidden: true)) { sheet in
            for province in ["Sóc Trăng", "Trà Vinh", "Cần Thơ"] { try sheet.appendRow([.text(province)]) }
        }
        try writer.finish()

        let sheet = try partText("xl/worksheets/sheet1.xml", in: url)
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<col min="1" max="1" width="30.0" customWidth="1"/><col min="2" max="2" width="16.0" customWidth="1" style="4"/>"#))
        #expect(sheet.contains(#"sqref="C2:C1048576"><formula1>&quot;Kinh,Khmer,Hoa &quot;&quot;Hán&quot;&quot;&quot;</formula1>"#))
        #expect(sheet.contains(#"sqref="D2:D500"><formula1>'danh mục'!$A$1:$A$3</formula1>"#))
        #expect(sheet.contains(#"<c r="A1" t="inlineStr" s="1">"#))
        #expect(try partText("xl/workbook.xml", in: url).contains(#"<sheet name="danh mục" sheetId="2" state="hidden" r:id="rId2"/>"#))
        #expect(try WorkbookReader(url: url).rows(inSheet: "danh mục").count == 3)
    }

    @Test func refusesListsExcelCannotHoldAndBadSheetNames() throws {
        let writer = try WorkbookWriter(url: folder.file("refused.xlsx"))
        let comma = SheetLayout(listValidations: [ListValidation(columnIndex: 0, source: .values(["a,b"]))])
        #expect(throws: SpreadsheetError.invalidListValidation(sheet: "s", reason: "a listed value contains a comma; list the values in cells instead")) {
            try writer.addSheet(named: "s", layout: comma) { _ in }
        }
        let long = SheetLayout(listValidations: [ListValidation(columnIndex: 0, source: .values(Array(repeating: "Nguyễn Văn", count: 30)))])
        #expect(throws: SpreadsheetError.invalidListValidation(sheet: "s", reason: "the values exceed 255 characters; list them in cells instead")) {
            try writer.addSheet(named: "s", layout: long) { _ in }
        }
        for name in ["", "a/b", "[x]", "'quoted'", String(repeating: "x", count: 32)] {
            #expect(throws: SpreadsheetError.invalidSheetName(name)) { try writer.addSheet(named: name) { _ in } }
        }
        try writer.addSheet(named: "Hộ") { _ in }
        #expect(throws: SpreadsheetError.invalidSheetName("hộ")) { try writer.addSheet(named: "hộ") { _ in } }
        // The sheets refused left no file of theirs: only the workbook being written is there.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(files.count == 1 && files.allSatisfy { $0.hasPrefix(".refused.xlsx.") && $0.hasSuffix(".partial") }, "\(files)")
    }

    @Test func theFileAppearsOnlyWhenFinished() throws {
        let url = folder.file("atomic.xlsx")
        do {
            let writer = try WorkbookWriter(url: url)
            try writer.addSheet(named: "a") { try $0.appendRow([.number(1)]) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)

        let writer = try WorkbookWriter(url: url)
        #expect(throws: SpreadsheetError.writeFailed(path: url.path, reason: "a workbook needs at least one visible sheet")) {
            try writer.finish()
        }
        try writer.addSheet(named: "a") { try $0.appendRow([.number(2)]) }
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["atomic.xlsx"])
        #expect(try WorkbookReader(url: url).rows(inSheet: "a")[0].cells == [.number(2)])
    }

    /// Kept small so the suite stays quick; the report gives speeds measured on 250,000 rows.
    @Test func aLargeSheetStreamsThroughInOrder() throws {
        let url = folder.file("large.xlsx")
        let rowCount = 10_000
        let writer = try WorkbookWriter(url: url)
        try writer.addSheet(named: "members") { sheet in
            for row in 1...rowCount {
                try sheet.appendRow((0..<10).map { $0.isMultiple(of: 2) ? .number(Double(row * 10 + $0)) : .text("Thành viên \(row)-\($0)") })
            }
        }
        try writer.finish()

        var count = 0
        var unexpectedRows: [Int] = []
        try WorkbookReader(url: url).forEachRow(inSheet: "members") { row in
            count += 1
            if row.number != count || row.cells.count != 10 || row[4] != .number(Double(count * 10 + 4))
                || row[9] != .text("Thành viên \(count)-9") {
                unexpectedRows.append(row.number)
            }
        }
        #expect(unexpectedRows.isEmpty)
        #expect(count == rowCount)
    }

    /// As an import reads a workbook: a household, then its members, from two sheets at once.
    @Test func twoSheetsAreReadSideBySide() throws {
        let url = folder.file("side-by-side.xlsx")
        let households = 3_000
        let writer = try WorkbookWriter(url: url)
        try writer.addSheet(named: "households") { sheet in
            for household in 1...households { try sheet.appendRow([.text("HO-\(household)")]) }
        }
        try writer.addSheet(named: "members") { sheet in
            for household in 1...households {
                for member in 1...3 { try sheet.appendRow([.text("HO-\(household)"), .text("Thành viên \(member)")]) }
            }
        }
        try writer.finish()

        let workbook = try WorkbookReader(url: url)
        let householdRows = try workbook.rowReader(inSheet: "households")
        let memberRows = try workbook.rowReader(inSheet: "members")
        #expect(householdRows.fractionRead == 0)
        var mismatches: [Int] = []
        var progress: [Double] = []
        for household in 1...households {
            guard try householdRows.next()?.cells == [.text("HO-\(household)")] else {
                mismatches.append(household)
                continue
            }
            for member in 1...3 where try memberRows.next()?.cells != [.text("HO-\(household)"), .text("Thành viên \(member)")] {
                mismatches.append(household)
            }
            if household.isMultiple(of: 500) { progress.append(memberRows.fractionRead) }
        }
        #expect(mismatches.isEmpty)
        #expect(try householdRows.next() == nil)
        #expect(try memberRows.next() == nil)
        #expect(progress == progress.sorted(), "the share read never goes back: \(progress)")
        #expect(memberRows.fractionRead == 1)
    }
}
