import Domain
import Fluent
import Foundation
import Vapor

/// `donghanh units import FILE`: loads an official list of administrative units
/// (the formats of `shared/data/admin-units/`), updating units already loaded from the same list.
struct UnitsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "import")
        var action: String
        @Argument(name: "file", help: "JSON file of the official list")
        var file: String
        @Option(name: "list-version", help: "Name of this list (default: pre-2025 or post-2025, from the format)")
        var listVersion: String?
        @Option(name: "valid-from", help: "yyyy-MM-dd the units came into force")
        var validFrom: String?
        @Option(name: "valid-to", help: "yyyy-MM-dd the units ceased (default 2025-06-30 for the pre-reform list)")
        var validTo: String?
    }

    var help: String { "Import an official list of administrative units" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "import" else {
            throw CommandLineError(Message("cli.unknownAction", ["action": signature.action]))
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandLineError(Message("cli.cannotRead", ["file": signature.file]))
        }
        let list: AdministrativeUnitList
        do {
            list = try AdministrativeUnitList.parse(Array(data))
        } catch {
            throw CommandLineError(Message("cli.invalidFile", ["file": signature.file, "reason": Translations.render(error.message, in: .vi)]))
        }
        for option in [signature.validFrom, signature.validTo].compactMap({ $0 }) where LocalDate(iso: option) == nil {
            throw CommandLineError(Message("cli.invalidDate", ["value": option]))
        }
        let defaults = UnitListDefaults(format: list.format)
        let result = try await AdministrativeUnitImporter.importList(
            list.units, listVersion: signature.listVersion ?? defaults.listVersion,
            validFrom: signature.validFrom ?? defaults.validFrom, validTo: signature.validTo ?? defaults.validTo,
            on: context.application.db)
        context.console.print(Translations.render(Message("units.imported", [
            "created": String(result.created), "updated": String(result.updated),
            "version": signature.listVersion ?? defaults.listVersion,
        ]), in: .vi))
    }
}

/// The validity of each official list: the pre-reform units ceased on 30 June 2025
/// (Resolution 202/2025/QH15); the new ones took effect on 1 July 2025.
struct UnitListDefaults {
    let listVersion: String
    let validFrom: String?
    let validTo: String?

    init(format: AdministrativeUnitListFormat) {
        switch format {
        case .preReform2025: (listVersion, validFrom, validTo) = ("pre-2025", nil, "2025-06-30")
        case .postReform2025: (listVersion, validFrom, validTo) = ("post-2025", "2025-07-01", nil)
        }
    }
}

enum AdministrativeUnitImporter {
    struct Result: Equatable {
        var created = 0
        var updated = 0
    }

    /// Creates or updates every unit of one list version in one transaction: a failure leaves
    /// the database as it was. Parents come before children in `units`.
    static func importList(_ units: [AdministrativeUnitRecord], listVersion: String, validFrom: String?, validTo: String?, on db: any Database) async throws -> Result {
        try await db.transaction { db in
            let existing = try await AdministrativeUnit.query(on: db).filter(\.$listVersion == listVersion).all()
            var byCode = Dictionary(existing.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            var result = Result()
            for record in units {
                let parentID = try record.parentCode.flatMap { byCode[$0] }?.requireID()
                if let unit = byCode[record.code] {
                    let unchanged = unit.name == record.name && unit.level == record.level.rawValue && unit.kind == record.kind.rawValue
                        && unit.$parent.id == parentID && unit.validFrom == validFrom && unit.validTo == validTo
                    if !unchanged {
                        unit.name = record.name
                        unit.level = record.level.rawValue
                        unit.kind = record.kind.rawValue
                        unit.$parent.id = parentID
                        unit.validFrom = validFrom
                        unit.validTo = validTo
                        unit.sortKey = VietnameseCollation.sortKey(forText: record.name)
                        unit.version += 1
                        try await unit.save(on: db)
                        result.updated += 1
                    }
                } else {
                    let unit = AdministrativeUnit(record: record, parentID: parentID, listVersion: listVersion, validFrom: validFrom, validTo: validTo)
                    try await unit.create(on: db)
                    byCode[record.code] = unit
                    result.created += 1
                }
            }
            return result
        }
    }
}

/// An operator-facing error, printed in Vietnamese by the command line.
struct CommandLineError: Error, CustomStringConvertible {
    let message: Message
    init(_ message: Message) { self.message = message }
    var description: String { Translations.render(message, in: .vi) }
}
