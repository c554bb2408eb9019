import Domain
import Fluent
import Vapor

/// One line of the append-only audit log: who did what to which record, when, with the
/// record before and after. No route updates or deletes these rows.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// Kept as written: the account may be renamed or deactivated later.
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    /// What kind of record (`household`, `user`, `session`, …) and which one.
    @Field(key: "entity") var entity: String
    @OptionalField(key: "entity_key") var entityKey: String?
    /// A short JSON object of what matters beyond before/after (a bulk change's counts, an export's filter).
    @OptionalField(key: "details") var details: String?
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?

    init() {}

    init(at: Date, actor: AuditActor, action: AuditAction, entity: String, entityKey: String?, details: String?, before: String?, after: String?) {
        self.at = at
        self.actorID = actor.userID
        self.actorName = actor.name
        self.action = action.rawValue
        self.entity = entity
        self.entityKey = entityKey
        self.details = details
        self.before = before
        self.after = after
    }
}

/// Everything the log records; the page filters by these.
enum AuditAction: String, CaseIterable, Sendable {
    case householdCreate, householdUpdate, householdArchive, householdImport
    case memberCreate, memberUpdate, memberEvent
    case surveyCreate, surveyUpdate
    case recognitionRecord, sponsorshipAssign
    case reclassification
    case revealIDNumber
    case export
    case loginSuccess, loginFailure, loginLocked, logout
    case tokenCreate, tokenRevoke
    case userCreate, userUpdate, passwordReset
}

/// Who acted: a logged-in user, or the operator at the terminal.
struct AuditActor: Sendable {
    let userID: UUID?
    let name: String

    init(user: User) {
        self.userID = user.id
        self.name = user.username
    }

    init(userID: UUID?, name: String) {
        self.userID = userID
        self.name = name
    }

    /// A command run from the terminal, recorded under the operating-system account that ran it.
    static var terminal: AuditActor {
        AuditActor(userID: nil, name: "terminal:\(ProcessInfo.processInfo.environment["USER"] ?? NSUserName())")
    }
}

enum AuditLog {
    static func record(_ action: AuditAction, entity: String, key: String?, by actor: AuditActor,
                       details: JSONValue? = nil, before: JSONValue? = nil, after: JSONValue? = nil, on db: any Database) async throws {
        try await AuditEntry(at: Date(), actor: actor, action: action, entity: entity, entityKey: key,
                             details: details?.serialized, before: before?.serialized, after: after?.serialized).create(on: db)
    }
}

extension Request {
    var auditActor: AuditActor {
        get throws { AuditActor(user: try currentUser) }
    }
}

struct CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_key", .string)
            .field("details", .string)
            .field("before", .string)
            .field("after", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}
