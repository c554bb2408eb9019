import Testing
@testable import Domain

@Suite("CSV reader and writer")
struct TabularCSVTests {
    /// Every record of `text`, fed to the reader in chunks of `chunkSize` bytes.
    func read(_ text: String, chunkSize: Int = .max, separator: Character = ",") throws(CSVSyntaxError) -> [CSVRecord] {
        try read(bytes: Array(text.utf8), chunkSize: chunkSize, separator: separator)
    }

    func read(bytes: [UInt8], chunkSize: Int = .max, separator: Character = ",") throws(CSVSyntaxError) -> [CSVRecord] {
        var reader = CSVReader(separator: separator.asciiValue!)
        var records: [CSVRecord] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + chunkSize, bytes.count)
            records += try reader.consume(bytes[start..<end])
            start = end
        }
        return records + (try reader.finish())
    }

    func fields(_ text: String, chunkSize: Int = .max) throws -> [[String]] {
        try read(text, chunkSize: chunkSize).map(\.fields)
    }

    func error(_ bytes: [UInt8]) -> CSVSyntaxError? {
        do {
            _ = try read(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("quoted fields keep separators, doubled quotes and line breaks; empty fields stay")
    func quoting() throws {
        let text = "code,name,note\r\nH1,\"Nguyễn Văn An\",\"say \"\"hi\"\", then\r\nleave\"\r\nH2,,\r\n"
        #expect(try fields(text) == [
            ["code", "name", "note"],
            ["H1", "Nguyễn Văn An", "say \"hi\", then\r\nleave"],
            ["H2", "", ""],
        ])
    }

    @Test("CRLF, LF and CR line ends; the last line may lack one")
    func lineEnds() throws {
        #expect(try fields("a,b\r\nc,d\ne,f\rg,h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(try fields("a,\n") == [["a", ""]])
        #expect(try fields("\"\"") == [[""]])
        #expect(try fields("") == [])
    }

    @Test("rows count blank lines and line breaks in fields as a spreadsheet shows them")
    func rowNumbers() throws {
        let records = try read("h1,h2\n\nA,\"two\nlines\"\nB,x\n")
        #expect(records.map(\.row) == [1, 3, 4])
        #expect(records.map(\.line) == [1, 3, 5])
    }

    @Test("a byte-order mark is skipped, even split across chunks; part of one is not skipped")
    func byteOrderMark() throws {
        let text = "\u{FEFF}mã,tên\r\nH1,An\r\n"
        for chunkSize in [1, 2, 3, 5, 100] {
            #expect(try fields(text, chunkSize: chunkSize) == [["mã", "tên"], ["H1", "An"]])
        }
        #expect(error([0xEF, 0xBB, UInt8(ascii: "x")]) == CSVSyntaxError(.invalidUTF8, row: 1, line: 1))
    }

    @Test("every chunk size gives the same records")
    func chunks() throws {
        let text = "code,name\r\n\"H,1\",\"An \"\"Bé\"\"\r\nNguyễn\"\r\nH2,Bình\r\n\r\nH3,\"\"\n"
        let whole = try read(text)
        for chunkSize in 1...12 {
            #expect(try read(text, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test("a semicolon-separated file, as Excel writes in some locales")
    func semicolons() throws {
        #expect(try read("a;\"b;c\"\n", separator: ";").map(\.fields) == [["a", "b;c"]])
    }

    @Test("a malformed file is an error that names the row", arguments: [
        (Array("h\nA,\"open\nstill open\n".utf8), CSVSyntaxError(.unterminatedQuote, row: 2, line: 2)),
        (Array("h\n\nA,ab\"c\n".utf8), CSVSyntaxError(.quoteInUnquotedField, row: 3, line: 3)),
        (Array("h\nA,\"ab\"c\n".utf8), CSVSyntaxError(.textAfterClosingQuote, row: 2, line: 2)),
        (Array("h\nA,\"x\ny\"\nB,".utf8) + [0xFF, 0x0A], CSVSyntaxError(.invalidUTF8, row: 3, line: 4)),
    ])
    func malformed(bytes: [UInt8], expected: CSVSyntaxError) {
        let found = error(bytes)
        #expect(found == expected)
        #expect(found.map { Translations.render($0.message, in: .vi) }?.hasPrefix("Hàng \(expected.row)") == true)
    }

    @Test("bytes in a legacy code page are refused, not turned into question marks")
    func legacyEncoding() {
        // "Nguyễn" is not UTF-8 when saved in Windows-1258: ễ becomes 0xDE 0xEC.
        var reader = CSVReader()
        #expect(throws: CSVSyntaxError(.invalidUTF8, row: 1, line: 1)) {
            _ = try reader.consume([0x4E, 0x67, 0x75, 0x79, 0xDE, 0xEC, 0x6E, 0x0A])
        }
    }

    @Test("the writer quotes only when needed, doubles quotes, ends lines with CRLF")
    func writer() throws {
        var writer = CSVWriter()
        writer.write(["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", ""])
        #expect(writer.text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\nlf\",\r\n")
        #expect(try fields(writer.text) == [["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", ""]])
    }

    @Test("the writer's optional byte-order mark, and output taken in parts")
    func writerParts() throws {
        var writer = CSVWriter(byteOrderMark: true)
        writer.write(["mã"])
        var bytes = writer.takeBytes()
        writer.write(["H1"])
        bytes += writer.takeBytes()
        #expect(bytes == [0xEF, 0xBB, 0xBF] + Array("mã\r\nH1\r\n".utf8))
        #expect(writer.bytes.isEmpty)
    }

    @Test("a sheet written as CSV reads back into the same sheet of text cells")
    func sheetRoundTrip() throws {
        let sheet = TableSheet(name: "households", header: [.text("code"), .text("area")], rows: [
            TableRow(number: 2, cells: [.text("H1"), .number(24.5)]),
            TableRow(number: 3, cells: [.text("H2"), .date(LocalDate(year: 2024, month: 10, day: 5)!)]),
            TableRow(number: 4, cells: [.text("H3"), .bool(true)]),
        ])
        var writer = CSVWriter()
        writer.write(sheet)
        var read = TableSheet(name: "households")
        for record in try self.read(writer.text) { read.append(csv: record) }
        #expect(read.header == sheet.header)
        #expect(read.rows.map(\.cells) == [
            [.text("H1"), .text("24.5")], [.text("H2"), .text("2024-10-05")], [.text("H3"), .text("true")],
        ])
        #expect(read.rows.map(\.number) == [2, 3, 4])
    }

    @Test("numbers are written so that a Vietnamese reader cannot take them for thousands")
    func plainNumbers() {
        #expect(TableCell.number(1_250_000).plainText == "1250000")
        #expect(TableCell.number(24.5).plainText == "24.5")
        #expect(TableCell.number(24.125).plainText == "24.1250")
        #expect(VietnameseFormat.parseDecimal(TableCell.number(24.125).plainText) == 24.125)
        #expect(TableCell.number(0.125).plainText == "0.125")
        #expect(TableCell.number(1234.125).plainText == "1234.125")
    }

    @Test("column letters as a spreadsheet names them")
    func letters() {
        #expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter) == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
    }

    @Test("records read in many chunks keep buffers the size of their fields (a province's file once held 7 KB a record)")
    func buffersDoNotCreep() throws {
        let fieldCount = 19
        let line = Array((0..<fieldCount).map { "f\($0)" }.joined(separator: ",").utf8) + [0x0A]
        var reader = CSVReader()
        var largest = 0
        for _ in 0..<4_000 {
            let records = try reader.consume(Array(repeating: line, count: 50).joined())
            largest = max(largest, records.map(\.fields.capacity).max() ?? 0)
        }
        #expect(largest < 2 * fieldCount, "no more than the doubling growth of one record's appends")
    }
}
