import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import App

/// SQLite lets one connection write at a time; a connection that wants to write meanwhile waits
/// for the lock on a blocking thread (up to the busy timeout). The transaction holding the lock
/// must always find a thread to go on with, or every writer waits out the whole timeout.
@Suite("SQLite's one writer")
struct SQLiteWriterTests {
    @Test("writers waiting for the lock, in this app and another, never stall the transaction that holds it")
    func waitingWritersLeaveTheHolderAThread() async throws {
        guard ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] == nil else { return }
        try await withTestApp { first in
            try await withTestApp { second in
                let holders = try await [LockHolder(first), LockHolder(second)]
                // Every other connection of both apps asks to write, and waits.
                var waiters: [Task<Void, any Error>] = []
                for (app, loop) in [first, second].flatMap({ app in connections(of: app).dropFirst().map { (app, $0) } }) {
                    let (database, table) = (try sql(app, on: loop), "waiting_\(waiters.count)")
                    waiters.append(Task { try await database.raw("CREATE TABLE \(ident: table) (n INTEGER)").run() })
                }
                try await Task.sleep(for: .milliseconds(500))

                let started = ContinuousClock.now
                try await holders[0].query()
                #expect(ContinuousClock.now - started < .seconds(20), "the transaction holding the lock waited for a thread")

                for holder in holders { try await holder.commit() }
                for waiter in waiters { try await waiter.value }
            }
        }
    }

    private func connections(of app: Application) -> [any EventLoop] {
        Array(app.eventLoopGroup.makeIterator())
    }

    private func sql(_ app: Application, on loop: any EventLoop) throws -> any SQLDatabase {
        try #require(app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase)
    }

    /// A transaction on the app's first connection that has written, so holds the write lock,
    /// and then runs what it is told until it is committed.
    private final class LockHolder: Sendable {
        private let orders: AsyncStream<Order>.Continuation
        private let done: Task<Void, any Error>

        private enum Order { case query(CheckedContinuation<Void, any Error>), commit }

        init(_ app: Application) async throws {
            let (stream, orders) = AsyncStream<Order>.makeStream()
            let locked = AsyncStream<Void>.makeStream()
            let loop = try #require(Array(app.eventLoopGroup.makeIterator()).first)
            let database = try #require(app.databases.database(.sqlite, logger: app.logger, on: loop))
            self.orders = orders
            self.done = Task {
                defer { locked.continuation.finish() }
                try await database.transaction { transaction in
                    let sql = transaction as! any SQLDatabase
                    try await sql.raw("CREATE TABLE held (n INTEGER)").run()
                    locked.continuation.yield()
                    for await order in stream {
                        guard case let .query(reply) = order else { return }
                        do {
                            try await sql.raw("INSERT INTO held (n) VALUES (1)").run()
                            reply.resume()
                        } catch {
                            reply.resume(throwing: error)
                        }
                    }
                }
            }
            for await _ in locked.stream { return }
            try await done.value
            throw Unlocked()
        }

        private struct Unlocked: Error {}

        func query() async throws {
            try await withCheckedThrowingContinuation { orders.yield(.query($0)) }
        }

        func commit() async throws {
            orders.yield(.commit)
            try await done.value
        }
    }
}
