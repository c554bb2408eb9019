import FluentSQLiteDriver
import NIOPosix
import Vapor
import VaporCSQLite

/// Bulk rows written to SQLite through its C API, on the connection of the transaction they
/// belong to: each table's INSERT of n rows (or UPDATE of a row by its key) is prepared once and
/// run again for every n rows.
/// SQLiteNIO prepares every query anew, and compiling a multi-row INSERT costs more than running
/// it: in C, a million member rows took 17 s as fresh 1,250-row statements, 5.4 s as reused ones.
///
/// SQLiteNIO keeps the connection's `sqlite3` handle to itself; it is read by reflection, and if
/// a later version of the package keeps it elsewhere, writing fails with `HandleNotFound`
/// (which `BulkRowTests` would show at once). The connection is opened in serialized mode, so
/// statements run here and queries run by SQLiteNIO never interleave inside SQLite.
///
/// Unchecked: the statements are used by one `write` at a time — an import awaits each
/// chunk's writes before it starts the next.
final class SQLiteBulkStatements: @unchecked Sendable {
    private let connection: OpaquePointer
    private let threadPool: NIOThreadPool
    private var statements: [StatementKey: OpaquePointer] = [:]
    /// The text of the rows a statement is running with, bound in place (`SQLITE_STATIC`):
    /// SQLite copying every value into memory of its own, and freeing it, cost a tenth of the
    /// writing. Grown between statements, never while one holds pointers into it.
    private var boundText = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// The connection's page cache before the import's (`PRAGMA cache_size`), given back at the end.
    private let usualCacheSize: Int

    /// The page cache while an import writes, in KiB: a province writes about a gigabyte, and
    /// with SQLite's usual 2 MB the pages of the tables' ends are written out and read back
    /// again and again (measured on 250,000 households: 2.5 s less system time, 1–2 s less in
    /// all, for about 130 MB more memory at the peak).
    static let importCacheKiB = 65_536

    private struct StatementKey: Hashable {
        let table: String
        let columns: [String]
        let change: BulkRows.Change
        let rows: Int
    }

    /// A count of rows is written as statements of these sizes, largest first: a few hundred
    /// rows a statement run as fast as a thousand; the small ones take the remainder.
    private static let rowsPerStatement = [256, 16, 1]

    /// SQLiteNIO's connection did not show its handle.
    struct HandleNotFound: Error, CustomStringConvertible {
        var description: String { "The SQLite connection's handle was not found: SQLiteNIO keeps it in a new place." }
    }

    /// SQLite refused a statement.
    struct Refused: Error, CustomStringConvertible {
        let code: Int32
        let message: String
        var description: String { "SQLite refused a bulk write (\(code)): \(message)" }
    }

    /// `db` must be a transaction's, so that its connection stays the same until it ends.
    init(on db: any Database, threadPool: NIOThreadPool) async throws {
        guard let sqlite = db as? any SQLiteDatabase else { throw UnsupportedDatabase() }
        let connection = try await sqlite.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        guard let handle = Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer else { throw HandleNotFound() }
        self.connection = handle
        self.threadPool = threadPool
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        usualCacheSize = try await sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self) ?? -2000
        try await sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(Self.importCacheKiB))").run()
    }

    /// Must be called before the transaction ends, once no write runs; the statements are
    /// unusable afterwards. Called directly, not on the pool, whose work a cancelled task drops:
    /// a statement left unfinalized would keep the connection from closing.
    func finish() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        boundText.deallocate()
        boundText = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        // Lowering the size frees the pages above it at once.
        sqlite_nio_sqlite3_exec(connection, "PRAGMA cache_size = \(usualCacheSize)", nil, nil, nil)
    }

    /// The tables are written in one job of the pool: a job per table left the writing thread
    /// idle between tables while its task waited for a turn on the busy cooperative threads,
    /// which decode and build the next chunks (the writer was idle for two fifths of an import).
    func write(_ tables: [BulkRows]) async throws {
        guard tables.contains(where: { $0.count > 0 }) else { return }
        try await threadPool.runIfActive { [self] in
            for rows in tables where rows.count > 0 { try writeBlocking(rows) }
        }
    }

    private func writeBlocking(_ rows: BulkRows) throws {
        let width = rows.columns.count
        var row = 0
        for size in rows.change == .insert ? Self.rowsPerStatement : [1] where rows.count - row >= size {
            let statement = try locked { try prepared(StatementKey(table: rows.table, columns: rows.columns, change: rows.change, rows: size)) }
            while rows.count - row >= size {
                let values = rows.values[row * width ..< (row + size) * width]
                try locked {
                    reserveBoundText(for: values)
                    var textEnd = 0
                    for (index, value) in values.enumerated() {
                        try check(bind(value, at: Int32(index + 1), of: statement, textEnd: &textEnd))
                    }
                    let stepped = sqlite_nio_sqlite3_step(statement)
                    let reset = sqlite_nio_sqlite3_reset(statement)
                    try check(stepped == SQLITE_DONE ? reset : stepped)
                    if rows.change == .update, sqlite_nio_sqlite3_changes(connection) != 1 {
                        throw BulkRows.MissingRows(table: rows.table, count: 1)
                    }
                }
                row += size
            }
        }
    }

    /// Holds the connection from a statement's start to reading its error, so that no query of
    /// another thread comes between and replaces the connection's error message.
    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        let mutex = sqlite_nio_sqlite3_db_mutex(connection)
        sqlite_nio_sqlite3_mutex_enter(mutex)
        defer { sqlite_nio_sqlite3_mutex_leave(mutex) }
        return try body()
    }

    private func prepared(_ key: StatementKey) throws -> OpaquePointer {
        if let statement = statements[key] { return statement }
        let names = key.columns.map { "\"\($0)\"" }
        let sql: String
        switch key.change {
        case .insert:
            let row = "(" + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
            sql = "INSERT INTO \"\(key.table)\" (" + names.joined(separator: ", ") + ") VALUES "
                + Array(repeating: row, count: key.rows).joined(separator: ", ")
        case .update, .updateWhereChanged:
            // Numbered parameters bind in the row's order, the key first.
            let set = names.indices.dropFirst()
            let assignments = set.map { "\(names[$0]) = ?\($0 + 1)" } + ["\"version\" = \"version\" + 1"]
            var condition = "\(names[0]) = ?1"
            if key.change == .updateWhereChanged {
                condition += " AND (" + set.map { names[$0] }.joined(separator: ", ") + ") IS NOT ("
                    + set.map { "?\($0 + 1)" }.joined(separator: ", ") + ")"
            }
            sql = "UPDATE \"\(key.table)\" SET " + assignments.joined(separator: ", ") + " WHERE " + condition
        }
        var statement: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil))
        guard let statement else { throw Refused(code: SQLITE_ERROR, message: "no statement was prepared") }
        statements[key] = statement
        return statement
    }

    /// Room in `boundText` for the text of `values`. Before it moves, every statement lets go of
    /// the pointers into it.
    private func reserveBoundText(for values: ArraySlice<BulkValue>) {
        var needed = 0
        for value in values {
            switch value {
            case let .text(text): needed += text.utf8.count
            case let .utf8(bytes): needed += bytes.count
            case .uuid: needed += UUID.textLength
            case .null, .integer, .bool, .timestamp: break
            }
        }
        guard needed > boundText.count else { return }
        for statement in statements.values { sqlite_nio_sqlite3_clear_bindings(statement) }
        boundText.deallocate()
        boundText = .allocate(byteCount: max(needed, 2 * boundText.count), alignment: 1)
    }

    /// Binds as Fluent's SQLite driver binds the same Swift value (see `BulkValue`). Text is
    /// copied into `boundText` from `textEnd` on, which it moves past.
    private func bind(_ value: BulkValue, at index: Int32, of statement: OpaquePointer, textEnd: inout Int) -> Int32 {
        switch value {
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        case var .text(text):
            return text.withUTF8 { bindCopied($0, at: index, of: statement, textEnd: &textEnd) }
        case let .utf8(bytes):
            return bytes.withUnsafeBufferPointer { bindCopied($0, at: index, of: statement, textEnd: &textEnd) }
        case let .integer(integer):
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case let .bool(bool):
            return sqlite_nio_sqlite3_bind_int64(statement, index, bool ? 1 : 0)
        case let .uuid(uuid):
            let start = boundText.baseAddress! + textEnd
            let length = uuid.writeUpperCaseText(into: UnsafeMutableBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: UUID.textLength))
            textEnd += length
            return bindBoundText(start, count: length, at: index, of: statement)
        case let .timestamp(date):
            return sqlite_nio_sqlite3_bind_double(statement, index, date.timeIntervalSince1970)
        }
    }

    private func bindCopied(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32, of statement: OpaquePointer, textEnd: inout Int) -> Int32 {
        let start = boundText.baseAddress.map { $0 + textEnd }
        if let start, let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
        textEnd += bytes.count
        return bindBoundText(start, count: bytes.count, at: index, of: statement)
    }

    /// An empty text is bound from a non-null pointer (a null one would store NULL), copied
    /// since the pointer lasts only for the call.
    private func bindBoundText(_ start: UnsafeMutableRawPointer?, count: Int, at index: Int32, of statement: OpaquePointer) -> Int32 {
        guard let start, count > 0 else {
            return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, Self.copied, UInt8(SQLITE_UTF8))
        }
        return sqlite_nio_sqlite3_bind_text64(statement, index, start.assumingMemoryBound(to: CChar.self), UInt64(count), Self.inPlace, UInt8(SQLITE_UTF8))
    }

    /// `SQLITE_STATIC` (nil): SQLite reads the text where it is, as long as it stays bound.
    private static let inPlace: sqlite3_destructor_type? = nil
    /// `SQLITE_TRANSIENT`: SQLite copies the text.
    private static let copied = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func check(_ code: Int32) throws {
        guard code != SQLITE_OK else { return }
        throw Refused(code: code, message: sqlite_nio_sqlite3_errmsg(connection).map { String(cString: $0) } ?? "")
    }
}
