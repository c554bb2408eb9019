import Domain
import Foundation

/// Where a household came from in the files: the sheet (or file) and the row (or position).
struct ImportOrigin: Codable, Sendable, Equatable {
    let sheet: String
    let row: Int
}

/// One problem of an import, pointing at a cell: what the error report lists.
struct ImportIssue: Codable, Sendable, Equatable {
    let sheet: String
    let row: Int
    /// The column's heading as in the file, or a field path for JSON; empty for a whole row.
    let column: String
    let value: String
    let householdCode: String?
    let messageKey: String
    let messageParameters: [String: String]
    /// For a sheet: its table and the template's column of the cell, which a column mapping can mend.
    var table: HouseholdTable?
    var columnKey: String?

    init(sheet: String, row: Int, column: String, value: String, householdCode: String?, message: Message,
         table: HouseholdTable? = nil, columnKey: String? = nil) {
        self.table = table
        self.columnKey = columnKey
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value
        self.householdCode = householdCode
        self.messageKey = message.key
        self.messageParameters = message.parameters
    }

    var message: Message { Message(messageKey, messageParameters) }

    /// A field problem of the household read from `origin`.
    init(_ issue: FieldIssue, at origin: ImportOrigin) {
        self.init(sheet: origin.sheet, row: origin.row, column: issue.field, value: "", householdCode: issue.householdCode, message: issue.message)
    }
}
