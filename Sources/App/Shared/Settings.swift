import Domain
import Foundation
import Vapor

/// Where the app keeps its data and finds its files, read from the environment.
public struct Settings: Sendable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case sqliteInMemory
        case postgres(url: String)
    }

    public var database: Database
    /// Folder holding `Views/` and `Public/`; by default the resources built into the binary.
    public var resourcesDirectory: String
    /// Sets the Secure flag on the session cookie (behind TLS).
    public var secureCookies: Bool
    /// A session unused for this long is logged out.
    public var idleTimeout: TimeInterval

    public init(database: Database, resourcesDirectory: String = Settings.bundledResources, secureCookies: Bool = false,
                idleTimeout: TimeInterval = 30 * 60) {
        self.database = database
        self.resourcesDirectory = resourcesDirectory.hasSuffix("/") ? resourcesDirectory : resourcesDirectory + "/"
        self.secureCookies = secureCookies
        self.idleTimeout = idleTimeout
    }

    /// `DATABASE_URL` (`sqlite:PATH`, `sqlite::memory:` or `postgres://…`), `DONGHANH_RESOURCES`,
    /// `DONGHANH_SECURE_COOKIES`, `DONGHANH_IDLE_MINUTES`.
    public static func fromEnvironment() throws -> Settings {
        let database = try parseDatabaseURL(Environment.get("DATABASE_URL") ?? "sqlite:donghanh.sqlite")
        return Settings(
            database: database,
            resourcesDirectory: Environment.get("DONGHANH_RESOURCES") ?? bundledResources,
            secureCookies: Environment.get("DONGHANH_SECURE_COOKIES") == "1",
            idleTimeout: Environment.get("DONGHANH_IDLE_MINUTES").flatMap(Double.init).map { $0 * 60 } ?? 30 * 60)
    }

    public static func parseDatabaseURL(_ text: String) throws -> Database {
        if text == "sqlite::memory:" { return .sqliteInMemory }
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw SettingsError.badDatabaseURL(text) }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(url: text) }
        throw SettingsError.badDatabaseURL(text)
    }

    /// The `Resources` folder SwiftPM copies next to the binary.
    public static var bundledResources: String {
        Bundle.module.bundleURL.appendingPathComponent("Resources").path
    }
}

public enum SettingsError: Error, CustomStringConvertible {
    case badDatabaseURL(String)

    /// The URL without its password, which must not reach a terminal or a log.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex),
              let colon = url.range(of: ":", range: scheme.upperBound..<at.lowerBound) else { return url }
        return url.replacingCharacters(in: colon.upperBound..<at.lowerBound, with: "***")
    }

    public var description: String {
        switch self {
        case let .badDatabaseURL(text):
            return Translations.render(Message("settings.badDatabaseURL", ["value": Self.redacted(text)]), in: .vi)
        }
    }
}
