import Foundation
import PostgresNIO
import SQLiteNIO

/// A row's values read as the app stores them: text, whole numbers, yes/no, from each driver's
/// own values. SQLKit's `decode(column:as:)` goes through a `Decoder` for every value: for a
/// province's million members (20 values each) that took about 7 s of an export on SQLite, and
/// half of a members export on PostgreSQL.
protocol StoredValues {
    func text(_ column: String) throws -> String?
    func integer(_ column: String) throws -> Int?
    func bool(_ column: String) throws -> Bool?
    func date(_ column: String) throws -> Date?
}

extension StoredValues {
    func requiredText(_ column: String) throws -> String {
        guard let text = try text(column) else { throw StoredValueMissing(column: column) }
        return text
    }

    func requiredInteger(_ column: String) throws -> Int {
        guard let integer = try integer(column) else { throw StoredValueMissing(column: column) }
        return integer
    }

    /// A key, stored as text on SQLite and read as text from PostgreSQL's uuid.
    func uuid(_ column: String) throws -> UUID {
        try UUID(stored: try requiredText(column), column: column)
    }
}

extension UUID {
    /// A key read as its text (`UUID(text:)`, not Foundation's `sscanf`), or why it is not one.
    init(stored text: String, column: String) throws {
        guard let uuid = UUID(text: text) else { throw StoredValueMismatch(column: column, value: text) }
        self = uuid
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

    /// Fluent keeps a date on SQLite as its seconds since 1970.
    func date(_ column: String) throws -> Date? {
        switch try value(column) {
        case .null: nil
        case let .float(seconds): Date(timeIntervalSince1970: seconds)
        case let .integer(seconds): Date(timeIntervalSince1970: Double(seconds))
        case let other: throw StoredValueMismatch(column: column, value: other.description)
        }
    }

    private func value(_ column: String) throws -> SQLiteData {
        guard let value = row.column(column) else { throw StoredValueMissing(column: column) }
        return value
    }
}

/// PostgreSQL keeps UUIDs as such; read as text they come in `uuidString`'s form.
struct PostgresValues: StoredValues {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func text(_ column: String) throws -> String? { try cell(column).decode(String?.self) }
    func integer(_ column: String) throws -> Int? { try cell(column).decode(Int?.self) }
    func bool(_ column: String) throws -> Bool? { try cell(column).decode(Bool?.self) }
    func date(_ column: String) throws -> Date? { try cell(column).decode(Date?.self) }

    private func cell(_ column: String) throws -> PostgresCell {
        guard row.contains(column) else { throw StoredValueMissing(column: column) }
        return row[column]
    }
}
