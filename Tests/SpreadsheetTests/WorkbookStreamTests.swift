import Foundation
import Testing
import ZIPFoundation
@testable import Spreadsheet

@Suite("Workbooks sent while they are written")
struct WorkbookStreamTests {
    private let folder: ScratchFolder

    init() throws {
        folder = try ScratchFolder()
    }

    /// Rows enough for many flushes and compressed pieces, in every sheet.
    private static func rows(_ count: Int, tag: String) -> [[CellValue]] {
        (0..<count).map { [.text("\(tag) Nguyễn Thị Hồng Đào \($0)"), .text(String(format: "%012d", $0)), .number(Double($0) / 4), .date(utcDate(1987, 6, 5))] }
    }

    @Test("a streamed workbook reads back as written, its bytes taken at any point; the first bytes come before the rows end")
    func readsBack() throws {
        let stream = try WorkbookStream(sheets: [
            ("households", SheetLayout(frozenRows: 1)), ("members", SheetLayout()), ("danh mục", SheetLayout(isHidden: true)),
        ])
        let households = Self.rows(20_000, tag: "H"), members = Self.rows(30_000, tag: "M")
        var bytes = stream.takeOutput()
        let beforeRows = bytes.count
        for (index, row) in households.enumerated() {
            try stream.sheets[0].appendRow(row)
            try stream.sheets[1].appendRow(members[index])
            if index % 997 == 0 { bytes += stream.takeOutput() }
        }
        #expect(beforeRows > 0)
        // The households sheet went out with its rows, compressed.
        #expect(bytes.count > beforeRows + 100_000)
        for row in members[households.count...] { try stream.sheets[1].appendRow(row) }
        try stream.sheets[2].appendRow([.text("Kinh")])
        var more = true
        var calls = 0
        while more {
            more = try stream.finishPiece()
            bytes += stream.takeOutput()
            calls += 1
        }
        #expect(try stream.finishPiece() == false)
        #expect(stream.takeOutput().isEmpty)
        #expect(calls >= 5)

        let url = folder.file("streamed.xlsx")
        try Data(bytes).write(to: url)
        let reader = try WorkbookReader(url: url)
        #expect(reader.sheetNames == ["households", "members", "danh mục"])
        #expect(try reader.rows(inSheet: "households").map(\.cells) == households)
        #expect(try reader.rows(inSheet: "members").map(\.cells) == members)
        #expect(try reader.rows(inSheet: "danh mục").map(\.cells) == [[.text("Kinh")]])
        // ZIPFoundation checks every entry's checksum as it extracts.
        let archive = try Archive(url: url, accessMode: .read)
        for entry in archive { _ = try archive.extract(entry, consumer: { _ in }) }
    }

    @Test("sheet names are checked as the file writer checks them, and a workbook needs a visible sheet")
    func refusals() {
        #expect(throws: SpreadsheetError.invalidSheetName("a/b")) { try WorkbookStream(sheets: [("a/b", SheetLayout())]) }
        #expect(throws: SpreadsheetError.invalidSheetName("Hộ")) { try WorkbookStream(sheets: [("hộ", SheetLayout()), ("Hộ", SheetLayout())]) }
        #expect(throws: (any Error).self) { try WorkbookStream(sheets: [("danh mục", SheetLayout(isHidden: true))]) }
    }
}
