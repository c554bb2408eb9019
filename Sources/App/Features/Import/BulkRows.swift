import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// A value of a row written in bulk, bound as Fluent's drivers bind the same Swift value:
/// on SQLite a UUID is its text, a date its seconds since 1970, a Boolean 0 or 1.
enum BulkValue: Sendable {
    case null
    case text(String)
    case integer(Int)
    case bool(Bool)
    case uuid(UUID)
    case timestamp(Date)

    init(_ value: String?) { self = value.map(BulkValue.text) ?? .null }
    init(_ value: Int?) { self = value.map(BulkValue.integer) ?? .null }
    init(_ value: Bool?) { self = value.map(BulkValue.bool) ?? .null }
    init(_ value: UUID?) { self = value.map(BulkValue.uuid) ?? .null }
    init(_ value: Date?) { self = value.map(BulkValue.timestamp) ?? .null }

    var sqliteData: SQLiteData {
        switch self {
        case .null: .null
        case let .text(text): .text(text)
        case let .integer(integer): .integer(integer)
        case let .bool(bool): .integer(bool ? 1 : 0)
        case let .uuid(uuid): .text(uuid.upperCaseText)
        case let .timestamp(date): .float(date.timeIntervalSince1970)
        }
    }

    func bind(into bindings: inout PostgresBindings) throws {
        switch self {
        case .null: bindings.appendNull()
        case let .text(text): try bindings.append(text)
        case let .integer(integer): try bindings.append(integer)
        case let .bool(bool): try bindings.append(bool)
        case let .uuid(uuid): try bindings.append(uuid)
        case let .timestamp(date): try bindings.append(date)
        }
    }
}

/// The driver under Fluent was neither SQLite nor PostgreSQL.
struct BulkWriteUnsupported: Error, CustomStringConvertible {
    var description: String { "Bulk rows are written to SQLite or PostgreSQL only." }
}

/// One table's rows, written many at a time: multi-row INSERTs whose values go straight to the
/// driver's binds. Fluent's `create` reflects over every model instance and its encoders cast
/// every value; at a province's scale that costs several times what the database does.
/// `BulkRowTests` checks each table's columns against its model's fields, and that a household
/// written in bulk reads back as one written through the models.
struct BulkRows: Sendable {
    let table: String
    let columns: [String]
    private(set) var values: [BulkValue] = []

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    var count: Int { values.count / columns.count }

    mutating func append(_ row: [BulkValue]) {
        precondition(row.count == columns.count, "a row of \(table) needs \(columns.count) values, not \(row.count)")
        values += row
    }

    /// Statements stay under the bind limits of SQLite (32,766) and PostgreSQL (65,535).
    func insert(on db: any Database) async throws {
        let rowsPerStatement = max(1, 30_000 / columns.count)
        var start = values.startIndex
        while start < values.endIndex {
            let end = min(values.endIndex, start + rowsPerStatement * columns.count)
            try await insert(values[start..<end], on: db)
            start = end
        }
    }

    private func insert(_ slice: ArraySlice<BulkValue>, on db: any Database) async throws {
        let rowCount = slice.count / columns.count
        if let sqlite = db as? any SQLiteDatabase {
            let sql = statement(rows: rowCount) { _ in "?" }
            try await sqlite.query(sql, slice.map(\.sqliteData), logger: db.logger) { _ in }.get()
        } else if let postgres = db as? any PostgresDatabase {
            var bindings = PostgresBindings(capacity: slice.count)
            for value in slice { try value.bind(into: &bindings) }
            let query = PostgresQuery(unsafeSQL: statement(rows: rowCount) { "$\($0 + 1)" }, binds: bindings)
            let logger = db.logger
            try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask { _ = try await connection.query(query, logger: logger).collect() }
            }.get()
        } else {
            throw BulkWriteUnsupported()
        }
    }

    /// `INSERT INTO "table" ("a", "b") VALUES (p0, p1), (p2, p3)…` with the driver's placeholders.
    private func statement(rows: Int, placeholder: (Int) -> String) -> String {
        var sql = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * columns.count * 7)
        var index = 0
        for row in 0..<rows {
            sql += row == 0 ? "(" : ", ("
            for column in 0..<columns.count {
                if column > 0 { sql += ", " }
                sql += placeholder(index)
                index += 1
            }
            sql += ")"
        }
        return sql
    }
}

/// Version 7 UUIDs (RFC 9562): milliseconds since 1970, then a counter, then random bits. The
/// rows of an import get ascending keys, so every primary-key and foreign-key index grows at its
/// end instead of at random places — on a disk-backed B-tree, several times fewer pages touched.
struct TimeOrderedIDs {
    private var milliseconds: UInt64 = 0
    private var counter: UInt64 = 0
    private var generator = SystemRandomNumberGenerator()

    mutating func next(now: Date = Date()) -> UUID {
        let clock = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        if clock > milliseconds {
            milliseconds = clock
            counter = 0
        } else {
            counter += 1
            // 12 bits of counter per millisecond; beyond them the clock is run ahead by one.
            if counter > 0xFFF {
                milliseconds += 1
                counter = 0
            }
        }
        let random: UInt64 = generator.next()
        let high = milliseconds << 16 | 0x7000 | counter
        let low = random & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return UUID(uuid: (
            UInt8(truncatingIfNeeded: high >> 56), UInt8(truncatingIfNeeded: high >> 48), UInt8(truncatingIfNeeded: high >> 40),
            UInt8(truncatingIfNeeded: high >> 32), UInt8(truncatingIfNeeded: high >> 24), UInt8(truncatingIfNeeded: high >> 16),
            UInt8(truncatingIfNeeded: high >> 8), UInt8(truncatingIfNeeded: high),
            UInt8(truncatingIfNeeded: low >> 56), UInt8(truncatingIfNeeded: low >> 48), UInt8(truncatingIfNeeded: low >> 40),
            UInt8(truncatingIfNeeded: low >> 32), UInt8(truncatingIfNeeded: low >> 24), UInt8(truncatingIfNeeded: low >> 16),
            UInt8(truncatingIfNeeded: low >> 8), UInt8(truncatingIfNeeded: low)))
    }
}

extension UUID {
    /// `uuidString`, as Fluent stores a UUID on SQLite, without the formatted printing Foundation
    /// does for it (a measurable cost over the millions of keys of an import).
    var upperCaseText: String {
        let digits = Array("0123456789ABCDEF".utf8)
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = digits[Int(byte >> 4)]
                    text[position + 1] = digits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }
}
