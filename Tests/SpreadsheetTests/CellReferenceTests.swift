import Testing
@testable import Spreadsheet

struct CellReferenceTests {
    @Test(arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16_383, "XFD")])
    func columnLetters(index: Int, letters: String) throws {
        #expect(CellReference.columnLetters(index) == letters)
        #expect(try CellReference("\(letters)7") == CellReference(columnIndex: index, rowNumber: 7))
    }

    @Test func parsesAndPrintsAReference() throws {
        let reference = try CellReference("AB123")
        #expect(reference.columnIndex == 27)
        #expect(reference.rowNumber == 123)
        #expect(reference.description == "AB123")
        #expect(try CellReference("XFD1048576").description == "XFD1048576")
    }

    @Test(arguments: ["", "A", "12", "A0", "A01", "1A", "a1", "$A$1", "XFE1", "AAAA1", "A1048577", "A1B"])
    func rejectsWhatIsNotAReference(text: String) {
        #expect(throws: SpreadsheetError.invalidCellReference(text)) { try CellReference(text) }
    }
}
