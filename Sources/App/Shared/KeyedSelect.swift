import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

extension Database {
    /// The rows of `table` whose `key` column holds one of `ids` (and `alsoWhere`'s column its
    /// text), in order, handed to `each` as stored values: SQLKit's decoder cost seconds over a
    /// province's rows.
    func selectRows(
        _ columns: [String], from table: String, keyedBy key: String, in ids: [UUID], alsoWhere condition: (column: String, text: String)? = nil,
        orderedBy order: [String], each: (any StoredValues) throws -> Void
    ) async throws {
        guard !ids.isEmpty else { return }
        func quoted(_ name: String) -> String { "\"\(name)\"" }
        let selected = "SELECT \(columns.map(quoted).joined(separator: ", ")) FROM \(quoted(table)) WHERE "
        let ordered = " ORDER BY " + order.map(quoted).joined(separator: ", ")
        if let sqlite = self as? any SQLiteDatabase {
            // UUIDs are bound as the SQLite driver binds them: upper-case text.
            let keys = "\(quoted(key)) IN (" + Array(repeating: "?", count: ids.count).joined(separator: ", ") + ")"
            let also = condition.map { " AND \(quoted($0.column)) = ?" } ?? ""
            let binds = ids.map { SQLiteData.text($0.upperCaseText) } + (condition.map { [.text($0.text)] } ?? [])
            for row in try await sqlite.query(selected + keys + also + ordered, binds) { try each(SQLiteValues(row)) }
        } else if let postgres = self as? any PostgresDatabase {
            var binds = PostgresBindings()
            binds.append(ids)
            if let condition { binds.append(condition.text) }
            let also = condition.map { " AND \(quoted($0.column)) = $2" } ?? ""
            let query = PostgresQuery(unsafeSQL: selected + "\(quoted(key)) = ANY($1)" + also + ordered, binds: binds)
            let logger = self.logger
            let rows = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask { try await connection.query(query, logger: logger).collect() }
            }.get()
            for row in rows { try each(PostgresValues(row)) }
        } else {
            throw UnsupportedDatabase()
        }
    }
}
