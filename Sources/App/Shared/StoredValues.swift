import Foundation
import SQLKit
import SQLiteNIO

/// A row's values read as the app stores them: text, whole numbers, yes/no.
/// On SQLite, `SQLiteValues` reads the driver's own values; SQLKit's `decode(column:as:)` goes
/// through a `Decoder` for every value, which for a province's million members (20 values each)
/// took about 7 s of an export.
protocol StoredValues {
    func text(_ column: String) throws -> String?
    func integer(_ column: String) throws -> Int?
    func bool(_ column: String) throws -> Bool?
}

extension StoredValues {
    func requiredText(_ column: String) throws -> String {
        guard let text = try text(column) else { throw StoredValueMissing(column: column) }
        return text
    }
}

/// A column that must hold a value was empty, or was not selected.
struct StoredValueMissing: Error, CustomStringConvertible {
    let column: String
    var description: String { "The column \(column) holds no value." }
}

/// A value of another kind than the column's.
struct StoredValueMismatch: Error, CustomStringConvertible {
    let column: String
    let value: String
    var description: String { "The column \(column) holds \(value), not a value of its kind." }
}

struct SQLiteValues: StoredValues {
    let row: SQLiteRow

    init(_ row: SQLiteRow) { self.row = row }

    func text(_ column: String) throws -> String? {
        switch try value(column) {
        case .null: nil
        case let .text(text): text
        case let other: throw StoredValueMismatch(column: column, value: other.description)
        }
    }

    func integer(_ column: String) throws -> Int? {
        switch try value(column) {
        case .null: nil
        case let .integer(integer): integer
        case let other: throw StoredValueMismatch(column: column, value: other.description)
        }
    }

    /// SQLite keeps yes/no as 1 and 0.
    func bool(_ column: String) throws -> Bool? {
        try integer(column).map { $0 != 0 }
    }

    private func value(_ column: String) throws -> SQLiteData {
        guard let value = row.column(column) else { throw StoredValueMissing(column: column) }
        return value
    }
}

/// Any database's row, through SQLKit.
struct SQLValues: StoredValues {
    let row: any SQLRow

    init(_ row: any SQLRow) { self.row = row }

    func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
    func integer(_ column: String) throws -> Int? { try row.decode(column: column, as: Int?.self) }
    func bool(_ column: String) throws -> Bool? { try row.decode(column: column, as: Bool?.self) }
}
