import Foundation
import Testing
@testable import Spreadsheet

/// Proves the files interoperate with a real spreadsheet program: LibreOffice, run headless.
/// Skipped where `soffice` is not installed (CI installs the Debian package libreoffice-calc-nogui).
@Suite(.serialized, .enabled(if: LibreOffice.executable != nil, "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"))
struct LibreOfficeTests {
    private let folder: ScratchFolder

    init() throws {
        folder = try ScratchFolder()
    }

    private static let householdsLayout = SheetLayout(
        columns: [ColumnLayout(width: 28), ColumnLayout(width: 16, isText: true), ColumnLayout(width: 12), ColumnLayout(width: 12)],
        frozenRows: 1,
        listValidations: [ListValidation(columnIndex: 2, source: .cells(sheet: "danh mục", columnIndex: 0, rows: 1...2))]
    )

    private static func fillHouseholds(_ sheet: SheetWriter) throws {
        try sheet.appendHeaderRow(["Chủ hộ", "Số định danh", "Dân tộc", "Ngày sinh", "Số thành viên"])
        try sheet.appendRow([.text("Nguyễn Thị Hồng Đào"), .text("001234567890"), .text("Khmer"), .date(utcDate(1987, 6, 5)), .number(4)])
    }

    private static func fillMembers(_ sheet: SheetWriter) throws {
        try sheet.appendHeaderRow(["Họ và tên", "Tỷ lệ"])
        try sheet.appendRow([.text("Trần Văn Ấn"), .number(0.25)])
    }

    private static func fillList(_ sheet: SheetWriter) throws {
        try sheet.appendRow([.text("Kinh")])
        try sheet.appendRow([.text("Khmer")])
    }

    /// Two sheets as the household export writes them, with a hidden list sheet for a drop-down:
    /// to a file (`WorkbookWriter`), or streamed (`WorkbookStream`, the export's way).
    private func writeHouseholdWorkbook(streamed: Bool) throws -> URL {
        let url = folder.file("households.xlsx")
        guard streamed else {
            let writer = try WorkbookWriter(url: url)
            try writer.addSheet(named: "households", layout: Self.householdsLayout, writeRows: Self.fillHouseholds)
            try writer.addSheet(named: "members", writeRows: Self.fillMembers)
            try writer.addSheet(named: "danh mục", layout: SheetLayout(isHidden: true), writeRows: Self.fillList)
            try writer.finish()
            return url
        }
        let stream = try WorkbookStream(sheets: [("households", Self.householdsLayout), ("members", SheetLayout()), ("danh mục", SheetLayout(isHidden: true))])
        try Self.fillHouseholds(stream.sheets[0])
        try Self.fillMembers(stream.sheets[1])
        try Self.fillList(stream.sheets[2])
        var bytes = stream.takeOutput()
        var more = true
        while more {
            more = try stream.finishPiece()
            bytes += stream.takeOutput()
        }
        try Data(bytes).write(to: url)
        return url
    }

    @Test(arguments: [false, true]) func libreOfficeReadsWhatWeWrite(streamed: Bool) throws {
        let workbook = try writeHouseholdWorkbook(streamed: streamed)
        // CSV filter tokens: comma, double quote, UTF-8 (76), …, token 9 "save cell contents as shown" so that
        // dates come out in their dd/mm/yyyy style, and token 12 = -1: every sheet to a file of its own.
        try LibreOffice.convert(workbook, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", in: folder)

        let households = try String(contentsOf: folder.file("households-households.csv"), encoding: .utf8)
        #expect(households.split(whereSeparator: \.isNewline) == [
            "Chủ hộ,Số định danh,Dân tộc,Ngày sinh,Số thành viên",
            "Nguyễn Thị Hồng Đào,001234567890,Khmer,05/06/1987,4",
        ])
        let members = try String(contentsOf: folder.file("households-members.csv"), encoding: .utf8)
        #expect(members.split(whereSeparator: \.isNewline) == ["Họ và tên,Tỷ lệ", "Trần Văn Ấn,0.25"])
    }

    @Test func weReadWhatLibreOfficeWrites() throws {
        let original = try writeHouseholdWorkbook(streamed: false)
        let converted = folder.file("converted")
        try FileManager.default.createDirectory(at: converted, withIntermediateDirectories: true)
        try LibreOffice.convert(original, to: "xlsx", in: folder, outputDirectory: converted)

        let reader = try WorkbookReader(url: converted.appendingPathComponent("households.xlsx"))
        #expect(reader.sheetNames == ["households", "members", "danh mục"])
        let households = try reader.rows(inSheet: "households")
        #expect(households.map(\.number) == [1, 2])
        #expect(households.last?.cells == [.text("Nguyễn Thị Hồng Đào"), .text("001234567890"), .text("Khmer"), .date(utcDate(1987, 6, 5)), .number(4)])
        #expect(try reader.rows(inSheet: "members").last?.cells == [.text("Trần Văn Ấn"), .number(0.25)])
        #expect(try reader.rows(inSheet: "danh mục").map(\.cells) == [[.text("Kinh")], [.text("Khmer")]])
    }
}

/// Runs LibreOffice headless with a profile of its own, so parallel runs do not share (and lock) one.
enum LibreOffice {
    static let executable: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
        .split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("soffice") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    private static let timeout: TimeInterval = 180

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Converts `file` with `--convert-to filter`, writing into `outputDirectory` (the scratch folder by default).
    static func convert(_ file: URL, to filter: String, in folder: ScratchFolder, outputDirectory: URL? = nil) throws {
        let executable = try #require(executable)
        let profile = folder.file("lo-profile-\(UUID().uuidString)")
        let log = folder.file("soffice.log")
        try Data().write(to: log)
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", filter, "--outdir", (outputDirectory ?? folder.url).path, file.path,
        ]
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        guard finished.wait(timeout: .now() + timeout) == .success else {
            process.terminate()
            throw Failure(description: "soffice did not finish within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw Failure(description: "soffice exited with \(process.terminationStatus): \(output)")
        }
    }
}
