import Domain
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// A value of a row written in bulk, stored as Fluent's drivers store the same Swift value:
/// on SQLite a UUID is its text, a date its seconds since 1970, a Boolean 0 or 1.
enum BulkValue: Sendable {
    case null
    case text(String)
    /// Text given as its UTF-8 bytes (valid, as written by this app).
    case utf8([UInt8])
    case integer(Int)
    case bool(Bool)
    case uuid(UUID)
    case timestamp(Date)

    init(_ value: String?) { self = value.map(BulkValue.text) ?? .null }
    init(_ value: Int?) { self = value.map(BulkValue.integer) ?? .null }
    init(_ value: Bool?) { self = value.map(BulkValue.bool) ?? .null }
    init(_ value: UUID?) { self = value.map(BulkValue.uuid) ?? .null }
    init(_ value: Date?) { self = value.map(BulkValue.timestamp) ?? .null }

    /// The value in PostgreSQL's COPY text format: `\N` for null, backslash escapes in text,
    /// timestamps in UTC to the microsecond, cut as a bound timestamp is.
    /// `lastTimestamp` keeps the text of the last timestamp written: the rows of a chunk share
    /// theirs, made once instead of for every row.
    func writeCopyText(into buffer: inout ByteBuffer, lastTimestamp: inout (date: Date, text: String)?) {
        switch self {
        case .null: buffer.writeStaticString("\\N")
        case var .text(text): text.withUTF8 { Self.writeCopyText(utf8: $0, into: &buffer) }
        case let .utf8(bytes): bytes.withUnsafeBufferPointer { Self.writeCopyText(utf8: $0, into: &buffer) }
        case let .integer(integer): buffer.writeString(String(integer))
        case let .bool(bool): buffer.writeStaticString(bool ? "t" : "f")
        case let .uuid(uuid):
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: UUID.textLength) { bytes in
                uuid.writeUpperCaseText(into: bytes.bindMemory(to: UInt8.self))
            }
        case let .timestamp(date):
            if lastTimestamp?.date != date { lastTimestamp = (date, Self.copyText(of: date)) }
            buffer.writeString(lastTimestamp?.text ?? "")
        }
    }

    /// Microseconds since 2000 cut toward zero, as PostgresNIO binds a `Date`, in UTC.
    private static func copyText(of date: Date) -> String {
        let microseconds = Int(date.timeIntervalSince(Self.postgresEpoch) * 1_000_000) + 946_684_800_000_000
        let (days, inDay) = microseconds.quotientAndRemainder(dividingBy: 86_400_000_000)
        let (day, time) = inDay < 0 ? (days - 1, inDay + 86_400_000_000) : (days, inDay)
        let seconds = time / 1_000_000
        return "\(LocalDate(daysSinceEpoch: day).iso) \(Self.twoDigits(seconds / 3600)):\(Self.twoDigits(seconds / 60 % 60)):"
            + "\(Self.twoDigits(seconds % 60)).\(String(time % 1_000_000 + 1_000_000).dropFirst())+00"
    }

    /// Text with COPY's escapes for backslash, tab and line ends.
    /// Most text has none of them, which `memchr` tells fastest: a province's survey facts are
    /// 450 MB.
    private static func writeCopyText(utf8 bytes: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer) {
        guard let start = bytes.baseAddress, escaped.contains(where: { memchr(start, Int32($0), bytes.count) != nil }) else {
            buffer.writeBytes(bytes)
            return
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    private static let escaped: [UInt8] = [UInt8(ascii: "\\"), 0x09, 0x0A, 0x0D]

    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

/// The driver under Fluent was neither SQLite nor PostgreSQL.
struct UnsupportedDatabase: Error, CustomStringConvertible {
    var description: String { "The import works on SQLite or PostgreSQL only." }
}

/// One table's rows, inserted or updated many at a time by a `BulkWriter`. Fluent's `create` and
/// `save` reflect over every model instance and its encoders cast every value; at a province's
/// scale that costs several times what the database does.
/// `BulkRowTests` checks each table's columns against its model's fields, and that a household
/// written in bulk reads back as one written through the models.
struct BulkRows: Sendable {
    enum Change: Sendable {
        case insert
        /// Each row sets the columns after the first of the row whose first column (the key) it
        /// gives, and raises its `version` by one (every table updated in bulk has one) — in the
        /// database, so that a raise by someone else meanwhile is not lost. A key with no row
        /// fails the write.
        case update
        /// As `update`, but only a row where some value differs; a row equal to its update is left
        /// as it is, version included (and so a missing row is not noticed).
        case updateWhereChanged
    }

    let table: String
    let columns: [String]
    let change: Change
    private(set) var values: [BulkValue] = []

    init(table: String, columns: [String], change: Change = .insert) {
        self.table = table
        self.columns = columns
        self.change = change
    }

    var count: Int { values.count / columns.count }

    /// Updates found no row with their key: what they were to change is gone (the import fails
    /// rather than lose them silently).
    struct MissingRows: Error, CustomStringConvertible {
        let table: String
        let count: Int
        var description: String { "\(count) rows of \(table) to update were not found." }
    }

    mutating func reserve(rows: Int) {
        values.reserveCapacity(rows * columns.count)
    }

    mutating func append(_ row: [BulkValue]) {
        precondition(row.count == columns.count, "a row of \(table) needs \(columns.count) values, not \(row.count)")
        values += row
    }

    /// A row whose values `build` appends, without an array of its own.
    mutating func append(_ build: (inout [BulkValue]) -> Void) {
        let start = values.count
        build(&values)
        precondition(values.count - start == columns.count, "a row of \(table) needs \(columns.count) values, not \(values.count - start)")
    }

    /// PostgreSQL takes the rows as one COPY, streamed in pieces of about 256 KB: far less work
    /// for both sides than tens of thousands of bound parameters. Updates are copied into a
    /// temporary table of the same column types, then applied by one UPDATE joined on the key.
    fileprivate func write(into postgres: any PostgresDatabase, logger: Logger) async throws {
        let rows = self
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                switch rows.change {
                case .insert:
                    try await rows.copy(into: connection, table: rows.table, logger: logger)
                case .update, .updateWhereChanged:
                    let names = rows.columns.map { "\"\($0)\"" }
                    let (key, set) = (names[0], Array(names.dropFirst()))
                    let staging = "\"import_staging\""
                    try await connection.query(PostgresQuery(unsafeSQL: """
                        CREATE TEMPORARY TABLE \(staging) AS SELECT \(names.joined(separator: ", ")) FROM "\(rows.table)" WITH NO DATA
                        """), logger: logger)
                    try await rows.copy(into: connection, table: "import_staging", logger: logger)
                    let assignments = set.map { "\($0) = staging.\($0)" } + ["\"version\" = target.\"version\" + 1"]
                    var condition = "target.\(key) = staging.\(key)"
                    if rows.change == .updateWhereChanged {
                        condition += " AND (\(set.map { "target.\($0)" }.joined(separator: ", ")))"
                            + " IS DISTINCT FROM (\(set.map { "staging.\($0)" }.joined(separator: ", ")))"
                    }
                    let update = "UPDATE \"\(rows.table)\" AS target SET \(assignments.joined(separator: ", ")) FROM \(staging) AS staging WHERE \(condition)"
                    if rows.change == .update {
                        let updated = try await connection.query(PostgresQuery(unsafeSQL: """
                            WITH updated AS (\(update) RETURNING 1) SELECT count(*) FROM updated
                            """), logger: logger).collect().first?.decode(Int.self) ?? 0
                        guard updated == rows.count else { throw MissingRows(table: rows.table, count: rows.count - updated) }
                    } else {
                        try await connection.query(PostgresQuery(unsafeSQL: update), logger: logger)
                    }
                    try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(staging)"), logger: logger)
                }
            }
        }.get()
    }

    private func copy(into connection: PostgresConnection, table: String, logger: Logger) async throws {
        let (columns, values) = (self.columns, self.values)
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(300_000)
            var lastTimestamp: (date: Date, text: String)?
            for (index, value) in values.enumerated() {
                value.writeCopyText(into: &buffer, lastTimestamp: &lastTimestamp)
                let endsRow = (index + 1) % columns.count == 0
                buffer.writeInteger(endsRow ? UInt8(0x0A) : UInt8(0x09))
                if endsRow, buffer.readableBytes >= 256_000 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }
}

/// Writes bulk rows within one transaction: on SQLite statements prepared once
/// (`SQLiteBulkStatements`), on PostgreSQL a COPY per table (for updates, into a staging table).
/// `finish` before the transaction ends.
enum BulkWriter: Sendable {
    case sqlite(SQLiteBulkStatements)
    case postgres(any PostgresDatabase, Logger)

    /// `db` must be a transaction's.
    static func within(_ db: any Database, threadPool: NIOThreadPool) async throws -> BulkWriter {
        if let postgres = db as? any PostgresDatabase { return .postgres(postgres, db.logger) }
        return .sqlite(try await SQLiteBulkStatements(on: db, threadPool: threadPool))
    }

    /// Writes the tables in their order.
    func write(_ tables: [BulkRows]) async throws {
        switch self {
        case let .sqlite(statements):
            try await statements.write(tables)
        case let .postgres(postgres, logger):
            for rows in tables where rows.count > 0 { try await rows.write(into: postgres, logger: logger) }
        }
    }

    func finish() {
        if case let .sqlite(statements) = self { statements.finish() }
    }
}

/// Version 7 UUIDs (RFC 9562): milliseconds since 1970, then a counter, then random bits. The
/// rows of an import get ascending keys, so every primary-key and foreign-key index grows at its
/// end instead of at random places — on a disk-backed B-tree, several times fewer pages touched.
/// The random bits need to keep keys apart, not to be unpredictable: they come from a fast
/// generator seeded once (the system's costs a system call per key).
struct TimeOrderedIDs {
    private var milliseconds: UInt64 = 0
    private var counter: UInt64 = 0
    private var generator = SplitMix64(seed: UInt64.random(in: .min ... .max))

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
