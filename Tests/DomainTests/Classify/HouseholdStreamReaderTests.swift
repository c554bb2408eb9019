import Testing
@testable import Domain

@Suite("Splitting a stream of households")
struct HouseholdStreamReaderTests {
    /// The records of `text` read in chunks of `chunk` bytes: their text, index and offset.
    func records(_ text: String, chunk: Int = 1 << 16) throws -> [(text: String, index: Int, offset: Int)] {
        var reader = HouseholdStreamReader(source: ClassifyFixtures.source(Array(text.utf8), chunk: chunk))
        var result: [(String, Int, Int)] = []
        while let record = try reader.next() {
            result.append((String(decoding: record.bytes, as: UTF8.self), record.index, record.offset))
        }
        return result
    }

    func syntaxError(_ text: String, chunk: Int = 1 << 16) -> HouseholdStreamReader.SyntaxError? {
        do {
            _ = try records(text, chunk: chunk)
            return nil
        } catch {
            return error as? HouseholdStreamReader.SyntaxError
        }
    }

    static let tricky = #"{"a":"x\"}],[{\\","b":[{"c":"]"}],"d":"\\"}"#

    @Test("a JSON array: strings with escaped quotes and brackets, nested values, any chunk size", arguments: [1, 2, 3, 7, 1 << 16])
    func array(chunk: Int) throws {
        let text = "\u{FEFF} [ \(Self.tricky) ,\r\n{\"e\":{}} ,[1],\"s]\" , 12 ]  \n"
        let found = try records(text, chunk: chunk)
        #expect(found.map(\.text) == [Self.tricky, #"{"e":{}}"#, "[1]", #""s]""#, "12"])
        var reader = HouseholdStreamReader(source: ClassifyFixtures.source(Array(text.utf8)))
        _ = try reader.next()
        #expect(reader.format == .array)
        #expect(found.map(\.index) == [0, 1, 2, 3, 4])
        let utf8 = Array(text.utf8)
        for record in found {
            #expect(Array(utf8[record.offset..<(record.offset + record.text.utf8.count)]) == Array(record.text.utf8))
        }
    }

    @Test("JSON Lines: blank lines, CRLF, spaces and a last line without a line break", arguments: [1, 5, 1 << 16])
    func jsonLines(chunk: Int) throws {
        let text = "\u{FEFF}\n \(Self.tricky)\r\n\r\n\t\n{\"e\":1}  \r\n{\"f\":[\"]\"]}"
        let found = try records(text, chunk: chunk)
        #expect(found.map(\.text) == [Self.tricky, #"{"e":1}"#, #"{"f":["]"]}"#])
        var reader = HouseholdStreamReader(source: ClassifyFixtures.source(Array(text.utf8)))
        _ = try reader.next()
        #expect(reader.format == .jsonLines)
        #expect(found.map(\.offset) == [5, 5 + Self.tricky.utf8.count + 6, 5 + Self.tricky.utf8.count + 17])
    }

    @Test("empty input, and only whitespace, hold no household")
    func empty() throws {
        #expect(try records("").isEmpty)
        #expect(try records(" \r\n\n").isEmpty)
        #expect(try records("\u{FEFF}").isEmpty)
        #expect(try records("[ ]").isEmpty)
    }

    @Test("broken arrays are reported with the household's position and the byte offset", arguments: [1, 1 << 16])
    func arrayErrors(chunk: Int) {
        let cases: [(String, HouseholdStreamReader.SyntaxError)] = [
            ("[{} {}]", .init(index: 1, offset: 4, problem: .expectedCommaOrEnd)),
            ("[{},]", .init(index: 1, offset: 4, problem: .expectedHousehold)),
            ("[,{}]", .init(index: 0, offset: 1, problem: .expectedHousehold)),
            ("[{},{}", .init(index: 2, offset: 6, problem: .unterminatedArray)),
            ("[{\"a\":\"]", .init(index: 0, offset: 8, problem: .unterminatedArray)),
            ("[{}] {}", .init(index: 1, offset: 5, problem: .dataAfterArray)),
        ]
        for (text, expected) in cases {
            #expect(syntaxError(text, chunk: chunk) == expected, "\(text)")
        }
    }

    @Test("a household larger than the limit is refused rather than held", arguments: [16, 1 << 16])
    func tooLarge(chunk: Int) {
        for text in ["{\"a\":\"" + String(repeating: "x", count: 1000), "[{\"a\":\"" + String(repeating: "x", count: 1000) + "\"}]"] {
            var reader = HouseholdStreamReader(maximumRecordSize: 100, source: ClassifyFixtures.source(Array(text.utf8), chunk: chunk))
            #expect(throws: HouseholdStreamReader.SyntaxError.self) { while try reader.next() != nil {} }
        }
    }

    @Test("memory holds one household and one chunk, however long the input")
    func boundedMemory() throws {
        let line = Array((ClassifyFixtures.json(ClassifyFixtures.household(1)) + "\n").utf8)
        var remaining = 20_000
        var largest = 0
        var reader = HouseholdStreamReader {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return line
        }
        // Offsets into the buffer stay small: what is read is dropped.
        while let record = try reader.next() { largest = max(largest, record.bytes.endIndex) }
        #expect(reader.count == 20_000)
        #expect(largest < 3 * line.count)
    }
}
