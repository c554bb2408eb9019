import Domain
import Fluent
import Vapor

/// An administrative unit of one official list. A code is unique within its list version
/// (e.g. "2025-03-01" before the reform, "2025-07-01" after), not across time: new units
/// reuse their predecessors' codes.
final class AdministrativeUnit: Model, @unchecked Sendable {
    static let schema = "administrative_units"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "level") var level: String
    @Field(key: "kind") var kind: String
    @OptionalParent(key: "parent_id") var parent: AdministrativeUnit?
    @Field(key: "list_version") var listVersion: String
    /// ISO dates; nil `validTo` means still in force.
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_to") var validTo: String?
    /// Set by an administrator where the kind does not decide (đặc khu).
    @OptionalField(key: "area_override") var areaOverride: String?
    @Field(key: "sort_key") var sortKey: String
    @Field(key: "version") var version: Int

    init() {}

    init(record: AdministrativeUnitRecord, parentID: UUID?, listVersion: String, validFrom: String?, validTo: String?) {
        self.code = record.code
        self.name = record.name
        self.level = record.level.rawValue
        self.kind = record.kind.rawValue
        self.$parent.id = parentID
        self.listVersion = listVersion
        self.validFrom = validFrom
        self.validTo = validTo
        self.sortKey = VietnameseCollation.sortKey(forText: record.name)
        self.version = 1
    }

    var kindCode: AdministrativeKind? { AdministrativeKind(rawValue: kind) }

    /// Rural or urban, from the kind unless an administrator set it.
    var area: Area? { areaOverride.flatMap(Area.init(rawValue:)) ?? kindCode?.defaultArea }

    /// "Xã Hiệp Thành", through the translation table.
    func fullName(_ language: Language) -> String {
        Translations.render(Message("unitKind.full.\(kind)", ["name": name]), in: language)
    }
}

/// The 2025 reform's many-to-many links from a unit to the unit(s) that took over its territory.
final class AdministrativeUnitSuccession: Model, @unchecked Sendable {
    static let schema = "administrative_unit_successions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "predecessor_id") var predecessor: AdministrativeUnit
    @Parent(key: "successor_id") var successor: AdministrativeUnit
    @OptionalField(key: "effective_date") var effectiveDate: String?

    init() {}
}

struct CreateAdministrativeUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AdministrativeUnit.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .uuid, .references(AdministrativeUnit.schema, "id"))
            .field("list_version", .string, .required)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("area_override", .string)
            .field("sort_key", .string, .required)
            .field("version", .int, .required)
            .unique(on: "list_version", "code")
            .create()
        try await database.schema(AdministrativeUnitSuccession.schema)
            .id()
            .field("predecessor_id", .uuid, .required, .references(AdministrativeUnit.schema, "id"))
            .field("successor_id", .uuid, .required, .references(AdministrativeUnit.schema, "id"))
            .field("effective_date", .string)
            .unique(on: "predecessor_id", "successor_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AdministrativeUnitSuccession.schema).delete()
        try await database.schema(AdministrativeUnit.schema).delete()
    }
}
