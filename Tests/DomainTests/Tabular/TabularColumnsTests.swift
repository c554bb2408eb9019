import Testing
@testable import Domain

@Suite("Flat household format: columns and round trip")
struct TabularColumnsTests {
    typealias Options = HouseholdTableEncoder.Options

    /// Every path of a JSON object: `income.perCapitaMonthly`, members' keys on their own.
    func paths(_ value: JSONValue, prefix: String = "") -> Set<String> {
        guard case let .object(pairs) = value else { return [] }
        var result = Set<String>()
        for (key, item) in pairs where key != "members" {
            if case .object = item { result.formUnion(paths(item, prefix: "\(prefix)\(key).")) } else { result.insert(prefix + key) }
        }
        return result
    }

    @Test("every key of the JSON format has a column, and every column a key")
    func everyKeyHasAColumn() throws {
        let json = HouseholdJSON.encode(TabularFixtures.fullRecord)
        #expect(Set(HouseholdColumns.households.map(\.path)) == paths(json))
        guard case let .array(members)? = json["members"] else { Issue.record("no members"); return }
        let memberPaths = members.reduce(into: Set<String>()) { $0.formUnion(paths($1)) }
        #expect(Set(HouseholdColumns.members.map(\.path)) == memberPaths.union([""]))
    }

    @Test("keys are the JSON paths in snake_case, as the format document names them")
    func keys() {
        let keys = HouseholdColumns.households.map(\.key)
        for key in ["code", "commune_code", "income_per_capita_monthly", "income_score_a", "indicators_health_insurance",
                    "housing_floor_area_m2", "information_devices", "information_hears_loudspeaker", "needs"] {
            #expect(keys.contains(key), "\(key)")
        }
        #expect(HouseholdColumns.members.map(\.key).prefix(2) == ["household_code", "name"])
        #expect(HouseholdColumns.members.map(\.key).contains("id_number"))
        let all = HouseholdColumns.households + HouseholdColumns.members
        #expect(Set(all.map(\.key)).count == all.count, "keys are unique across both tables, so words map by key")
    }

    @Test("every heading is translated, and no two columns of a table read alike")
    func headings() {
        for table in HouseholdTable.allCases {
            var seen = Set<String>()
            for column in table.columns {
                #expect(Translations.keys.contains(column.headingKey), "\(column.headingKey)")
                for name in [column.key] + Language.allCases.map({ Translations.text(column.headingKey, in: $0) }) {
                    seen.insert(VietnameseText.fold(name))
                }
            }
            #expect(Translations.keys.contains(table.nameKey))
            // Key, Vietnamese and English heading of a column may fold alike; two columns may not.
            let distinct = table.columns.map { column in
                Set([column.key] + Language.allCases.map { VietnameseText.fold(Translations.text(column.headingKey, in: $0)) })
            }
            for (index, names) in distinct.enumerated() {
                for other in distinct[(index + 1)...] { #expect(names.isDisjoint(with: other), "\(names) ~ \(other)") }
            }
        }
    }

    @Test("the codes and labels of a coded column, in either language, never read alike for two codes")
    func labelsDistinct() {
        for column in HouseholdColumns.households + HouseholdColumns.members {
            let codes: [String], prefix: String
            switch column.kind {
            case let .code(all, labelPrefix), let .codeList(all, labelPrefix): (codes, prefix) = (all, labelPrefix)
            default: continue
            }
            var codeBySpelling: [String: String] = [:]
            for code in codes {
                for spelling in [code] + Language.allCases.map({ Translations.text("\(prefix).\(code)", in: $0) }) {
                    let folded = VietnameseText.fold(spelling)
                    #expect(codeBySpelling[folded, default: code] == code, "\(column.key): \(spelling)")
                    codeBySpelling[folded] = code
                }
            }
        }
    }

    @Test("sensitive columns are the facts SensitiveData withholds or masks")
    func sensitive() throws {
        let sensitive = HouseholdColumns.members.filter(\.isSensitive).map(\.path)
        #expect(Set(sensitive) == ["ethnicity", "religion", "disability", "healthInsurance", "malnourished", "idNumber"])
        #expect(HouseholdColumns.households.allSatisfy { !$0.isSensitive })
        // What `redacted` removes is what the columns call withheld.
        let redacted = SensitiveData.redacted(TabularFixtures.fullRecord, showSensitive: false, revealIDNumbers: true)
        let full = HouseholdJSON.encode(TabularFixtures.fullRecord.members[0])
        let kept = HouseholdJSON.encode(redacted.members[0])
        #expect(paths(full).subtracting(paths(kept)) == SensitiveData.withheldMemberFields)
    }

    @Test("a fully known household round-trips exactly through the tables", arguments: [
        Options(), Options.template, Options(headings: .keys, values: .labels), Options(headings: .vietnamese, values: .codes),
    ])
    func roundTrip(options: Options) {
        let tables = HouseholdTableEncoder.encode([TabularFixtures.fullRecord], options: options)
        let decoded = TabularFixtures.decode(tables.households, tables.members)
        #expect(decoded.issues == [])
        #expect(decoded.records == [TabularFixtures.fullRecord])
        #expect(decoded.recordRows == [2])
    }

    @Test("one table written alone is that table as written with the other", arguments: [Options(), Options.template])
    func oneTable(options: Options) {
        let records = [TabularFixtures.fullRecord, TabularFixtures.fullRecord.with(code: "BL-HD-0002")]
        let both = HouseholdTableEncoder.encode(records, options: options)
        #expect(HouseholdTableEncoder.encode(records, table: .households, options: options) == both.households)
        #expect(HouseholdTableEncoder.encode(records, table: .members, options: options) == both.members)
        #expect(both.members.rows.count == 2 * TabularFixtures.fullRecord.members.count)
    }

    @Test("… and through CSV text, every cell then a string")
    func roundTripThroughCSV() throws {
        var record = TabularFixtures.fullRecord
        record.housing?.floorAreaM2 = 24.125
        record.information?.devices = []
        let tables = HouseholdTableEncoder.encode([record, TabularFixtures.fullRecord.with(code: "BL-HD-0002")])
        let decoded = TabularFixtures.decode(try TabularFixtures.throughCSV(tables.households), try TabularFixtures.throughCSV(tables.members))
        #expect(decoded.issues == [])
        #expect(decoded.records == [record, TabularFixtures.fullRecord.with(code: "BL-HD-0002")])
        #expect(decoded.recordRows == [2, 3])
    }

    @Test("cells are typed: numbers as numbers, dates as dates, yes/no as the option says")
    func typedCells() {
        let codes = HouseholdTableEncoder.encode([TabularFixtures.fullRecord])
        let labels = HouseholdTableEncoder.encode([TabularFixtures.fullRecord], options: .template)
        func cell(_ sheet: TableSheet, _ key: String, row: Int = 0) -> TableCell? {
            let keys = (sheet.name == "households" || sheet.name == "Hộ gia đình" ? HouseholdColumns.households : HouseholdColumns.members).map(\.key)
            return keys.firstIndex(of: key).map { sheet.rows[row].cells[$0] }
        }
        #expect(cell(codes.households, "income_per_capita_monthly") == .number(1_250_000))
        #expect(cell(codes.households, "survey_date") == .date(TabularFixtures.date(2024, 10, 5)))
        #expect(cell(codes.households, "housing_durable") == .bool(false))
        #expect(cell(labels.households, "housing_durable") == .text("Không"))
        #expect(cell(labels.households, "information_devices") == .text("Tivi;Điện thoại thông minh"))
        #expect(cell(codes.households, "information_devices") == .text("tv;smartphone"))
        #expect(cell(codes.households, "commune_code") == .text("00004"))
        #expect(cell(codes.members, "id_number", row: 1) == .text("012345678"))
        #expect(cell(labels.members, "sex", row: 1) == .text("Nữ"))
        #expect(cell(codes.members, "household_code", row: 1) == .text("BL-HD-0001"))
        #expect(labels.households.name == "Hộ gia đình" && labels.members.name == "Thành viên")
        #expect(labels.households.header.first == .text("Mã hộ"))
        #expect(codes.members.header.first == .text("household_code"))
    }

    @Test("without sensitive data the columns are left out, not emptied, and the rest still reads")
    func withoutSensitive() {
        let tables = HouseholdTableEncoder.encode([TabularFixtures.fullRecord], options: Options(includeSensitive: false))
        let headings = Set(tables.members.header.map(\.plainText))
        #expect(headings.isDisjoint(with: ["ethnicity", "religion", "disability", "health_insurance", "malnourished", "id_number"]))
        #expect(tables.members.rows.allSatisfy { $0.cells.count == tables.members.header.count })
        let decoded = TabularFixtures.decode(tables.households, tables.members)
        #expect(decoded.issues == [])
        #expect(decoded.records == [SensitiveData.redacted(TabularFixtures.fullRecord, showSensitive: false, revealIDNumbers: true).withoutIDNumbers])
    }
}

extension HouseholdRecord {
    func with(code: String) -> HouseholdRecord {
        var copy = self
        copy.code = code
        return copy
    }

    var withoutIDNumbers: HouseholdRecord {
        var copy = self
        for index in copy.members.indices { copy.members[index].idNumber = nil }
        return copy
    }
}
