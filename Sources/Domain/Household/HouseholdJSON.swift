/// Reads and writes households in the JSON interchange format, reporting every problem with
/// the household code and the field's path instead of stopping at the first.
public enum HouseholdJSON {
    /// Decodes one household object. Type, enum and unknown-key problems are reported here;
    /// value rules (dates, ID numbers, …) by `HouseholdValidator`, which `decode` also runs.
    public static func decode(_ value: JSONValue, today: LocalDate? = nil) -> Result<HouseholdRecord, InvalidHousehold> {
        var reader = Reader(code: value["code"].flatMap { if case let .string(s) = $0 { s } else { nil } })
        let record = reader.household(value)
        var issues = reader.issues
        if let record, issues.isEmpty {
            issues = HouseholdValidator.validate(record, today: today)
        }
        guard let record, issues.isEmpty else { return .failure(InvalidHousehold(issues)) }
        return .success(record)
    }

    /// Decodes a document holding one household object.
    public static func decode(bytes: some Sequence<UInt8>, today: LocalDate? = nil) -> Result<HouseholdRecord, InvalidHousehold> {
        do throws(JSONSyntaxError) {
            return decode(try JSONParser.parse(bytes), today: today)
        } catch {
            return .failure(InvalidHousehold([FieldIssue(field: "", problem: .syntax(error.description))]))
        }
    }

    /// The interchange form of a household; absent facts are left out, not written as null.
    public static func encode(_ record: HouseholdRecord) -> JSONValue {
        var tree = JSONTree()
        describe(record, to: &tree)
        return tree.root ?? .null
    }

    /// `encode(record).serialized`, written without building the tree.
    public static func serialized(_ record: HouseholdRecord) -> String {
        String(decoding: serializedUTF8(record), as: UTF8.self)
    }

    /// `serialized(record)` as its UTF-8 bytes: what goes straight into a database needs no
    /// `String`, whose making checks every byte again.
    public static func serializedUTF8(_ record: HouseholdRecord) -> [UInt8] {
        var text = JSONBytes(capacity: 512 + 384 * record.members.count)
        describe(record, to: &text)
        return text.bytes
    }

    public static func encode(_ member: MemberRecord) -> JSONValue {
        var tree = JSONTree()
        describe(member, to: &tree)
        return tree.root ?? .null
    }

    private static func describe(_ record: HouseholdRecord, to json: inout some JSONSink) {
        json.beginObject()
        json.field("code", .string(record.code))
        json.field("communeCode", record.communeCode.map(JSONValue.string))
        json.field("area", record.area.map { .string($0.rawValue) })
        json.field("hamlet", record.hamlet.map(JSONValue.string))
        json.field("address", record.address.map(JSONValue.string))
        json.field("surveyDate", record.surveyDate.map { .string($0.iso) })
        if let income = record.income {
            json.key(name: "income")
            json.beginObject()
            json.field("perCapitaMonthly", income.perCapitaMonthly.map(JSONValue.integer))
            json.field("scoreA", income.scoreA.map(JSONValue.integer))
            json.endObject()
        }
        if !record.indicators.isEmpty {
            json.key(name: "indicators")
            json.beginObject()
            for key in IndicatorKey.allCases { json.field(named: key.rawValue, record.indicators[key].map(JSONValue.bool)) }
            json.endObject()
        }
        if let housing = record.housing {
            json.key(name: "housing")
            json.beginObject()
            json.field("durable", housing.durable.map(JSONValue.bool))
            json.field("floorAreaM2", housing.floorAreaM2.map(JSONValue.decimal))
            json.field("hygienicWater", housing.hygienicWater.map(JSONValue.bool))
            json.field("hygienicLatrine", housing.hygienicLatrine.map(JSONValue.bool))
            json.field("wasteCollected", housing.wasteCollected.map(JSONValue.bool))
            json.endObject()
        }
        if let information = record.information {
            json.key(name: "information")
            json.beginObject()
            json.field("devices", information.devices.map { .array($0.map { .string($0.rawValue) }) })
            json.field("hearsLoudspeaker", information.hearsLoudspeaker.map(JSONValue.bool))
            json.endObject()
        }
        json.field("needs", record.needs.map { .array($0.map { .string($0.rawValue) }) })
        json.key(name: "members")
        json.beginArray()
        for member in record.members { describe(member, to: &json) }
        json.endArray()
        json.endObject()
    }

    private static func describe(_ member: MemberRecord, to json: inout some JSONSink) {
        json.beginObject()
        json.field("name", .string(member.name))
        json.field("sex", member.sex.map { .string($0.rawValue) })
        json.field("birthDate", member.birthDate.map { .string($0.iso) })
        json.field("birthYear", member.birthDate == nil ? member.birthYear.map(JSONValue.integer) : nil)
        json.field("relation", member.relation.map { .string($0.rawValue) })
        json.field("idNumber", member.idNumber.map(JSONValue.string))
        json.field("ethnicity", member.ethnicity.map(JSONValue.string))
        json.field("religion", member.religion.map(JSONValue.string))
        json.field("employment", member.employment.map { .string($0.rawValue) })
        json.field("ableToWork", member.ableToWork.map(JSONValue.bool))
        json.field("disability", member.disability.map { .string($0.rawValue) })
        json.field("monthlyAllowance", member.monthlyAllowance.map(JSONValue.bool))
        json.field("healthInsurance", member.healthInsurance.map(JSONValue.bool))
        json.field("malnourished", member.malnourished.map(JSONValue.bool))
        json.field("education", member.education.map { .string($0.rawValue) })
        json.field("studying", member.studying.map(JSONValue.bool))
        json.field("schoolOnTrack", member.schoolOnTrack.map(JSONValue.bool))
        json.field("usesInternet", member.usesInternet.map(JSONValue.bool))
        json.endObject()
    }
}

/// An object's pairs, found by scanning: objects of the format have at most 18 keys, few
/// enough that comparing beats hashing each key to fill and then to query a dictionary. The
/// reader asks for keys in the order writers write them, so the scan starts after the last key
/// found (a class, to keep that place between the reader's calls) and mostly compares one key.
private final class Fields {
    let pairs: [(key: String, value: JSONValue)]
    private var next = 0

    init(pairs: [(key: String, value: JSONValue)]) { self.pairs = pairs }

    subscript(key: String) -> JSONValue? {
        for offset in pairs.indices {
            let index = (next + offset) % pairs.count
            if Self.same(pairs[index].key, key) {
                next = index + 1
                return pairs[index].value
            }
        }
        return nil
    }

    /// Most keys differ in length, which is cheaper to compare than their text.
    static func same(_ key: String, _ other: String) -> Bool {
        key.utf8.count == other.utf8.count && key == other
    }
}

/// Walks a JSON value, collecting issues with their paths.
private struct Reader {
    let code: String?
    var issues: [FieldIssue] = []

    init(code: String?) { self.code = code }

    mutating func report(_ path: String, _ problem: FieldIssue.Problem) {
        issues.append(FieldIssue(householdCode: code, field: path, problem: problem))
    }

    /// The object's pairs, reporting keys not in `allowed`.
    mutating func fields(_ value: JSONValue, at path: String, allowed: [String]) -> Fields? {
        guard case let .object(pairs) = value else {
            report(path.isEmpty ? "(household)" : path, .wrongType(expected: "object"))
            return nil
        }
        // Keys mostly come in the order of `allowed`: each is looked for after the last found.
        var next = 0
        for (key, _) in pairs {
            guard let found = allowed.indices.lazy.map({ (next + $0) % allowed.count }).first(where: { Fields.same(allowed[$0], key) }) else {
                report(Self.join(path, key), .unknownKey)
                continue
            }
            next = found + 1
        }
        return Fields(pairs: pairs)
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func string(_ fields: Fields, _ key: String, _ path: String) -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case let .string(text)?: return text
        default: report(Self.join(path, key), .wrongType(expected: "string")); return nil
        }
    }

    mutating func bool(_ fields: Fields, _ key: String, _ path: String) -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case let .bool(flag)?: return flag
        default: report(Self.join(path, key), .wrongType(expected: "boolean")); return nil
        }
    }

    mutating func integer(_ fields: Fields, _ key: String, _ path: String) -> Int? {
        switch fields[key] {
        case nil, .null?: return nil
        case let .number(text)?:
            guard let number = Int(text) else { report(Self.join(path, key), .notAnInteger); return nil }
            return number
        default: report(Self.join(path, key), .wrongType(expected: "integer")); return nil
        }
    }

    mutating func decimal(_ fields: Fields, _ key: String, _ path: String) -> Double? {
        switch fields[key] {
        case nil, .null?: return nil
        case let .number(text)?: return Double(text)
        default: report(Self.join(path, key), .wrongType(expected: "number")); return nil
        }
    }

    mutating func date(_ fields: Fields, _ key: String, _ path: String) -> LocalDate? {
        guard let text = string(fields, key, path) else { return nil }
        guard let date = LocalDate(iso: text) else { report(Self.join(path, key), .invalidDate); return nil }
        return date
    }

    mutating func code<Code: RawRepresentable & CaseIterable>(
        _ type: Code.Type, _ value: JSONValue?, at path: @autoclosure () -> String
    ) -> Code? where Code.RawValue == String {
        switch value {
        case nil, .null?: return nil
        case let .string(text)?:
            guard let code = Code(rawValue: text) else {
                report(path(), .notInList(allowed: Code.allCases.map(\.rawValue)))
                return nil
            }
            return code
        default: report(path(), .wrongType(expected: "string")); return nil
        }
    }

    mutating func codes<Code: RawRepresentable & CaseIterable>(
        _ type: Code.Type, _ fields: Fields, _ key: String, _ path: String
    ) -> [Code]? where Code.RawValue == String {
        switch fields[key] {
        case nil, .null?: return nil
        case let .array(items)?:
            var result: [Code] = []
            for (position, item) in items.enumerated() {
                if let code = code(type, item, at: "\(Self.join(path, key))[\(position)]") { result.append(code) }
            }
            return result
        default: report(Self.join(path, key), .wrongType(expected: "array")); return nil
        }
    }

    static let householdKeys = [
        "code", "communeCode", "area", "hamlet", "address", "surveyDate", "income", "indicators",
        "housing", "information", "needs", "members",
    ]
    static let memberKeys = [
        "name", "sex", "birthDate", "birthYear", "relation", "idNumber", "ethnicity", "religion",
        "employment", "ableToWork", "disability", "monthlyAllowance", "healthInsurance", "malnourished",
        "education", "studying", "schoolOnTrack", "usesInternet",
    ]

    static let indicatorKeys = IndicatorKey.allCases.map(\.rawValue)

    mutating func household(_ value: JSONValue) -> HouseholdRecord? {
        guard let fields = fields(value, at: "", allowed: Self.householdKeys) else { return nil }
        let code = string(fields, "code", "")
        if fields["code"] == nil || fields["code"] == .null { report("code", .required) }
        var record = HouseholdRecord(code: code ?? "")
        record.communeCode = string(fields, "communeCode", "")
        record.area = self.code(Area.self, fields["area"], at: "area")
        record.hamlet = string(fields, "hamlet", "")
        record.address = string(fields, "address", "")
        record.surveyDate = date(fields, "surveyDate", "")
        if let income = fields["income"], income != .null,
           let parts = self.fields(income, at: "income", allowed: ["perCapitaMonthly", "scoreA"]) {
            record.income = .init(
                perCapitaMonthly: integer(parts, "perCapitaMonthly", "income"),
                scoreA: integer(parts, "scoreA", "income"))
        }
        if let indicators = fields["indicators"], indicators != .null,
           let parts = self.fields(indicators, at: "indicators", allowed: Self.indicatorKeys) {
            for key in IndicatorKey.allCases {
                if let flag = bool(parts, key.rawValue, "indicators") { record.indicators[key] = flag }
            }
        }
        if let housing = fields["housing"], housing != .null,
           let parts = self.fields(housing, at: "housing", allowed: [
               "durable", "floorAreaM2", "hygienicWater", "hygienicLatrine", "wasteCollected",
           ]) {
            record.housing = .init(
                durable: bool(parts, "durable", "housing"),
                floorAreaM2: decimal(parts, "floorAreaM2", "housing"),
                hygienicWater: bool(parts, "hygienicWater", "housing"),
                hygienicLatrine: bool(parts, "hygienicLatrine", "housing"),
                wasteCollected: bool(parts, "wasteCollected", "housing"))
        }
        if let information = fields["information"], information != .null,
           let parts = self.fields(information, at: "information", allowed: ["devices", "hearsLoudspeaker"]) {
            record.information = .init(
                devices: codes(Device.self, parts, "devices", "information"),
                hearsLoudspeaker: bool(parts, "hearsLoudspeaker", "information"))
        }
        record.needs = codes(Need.self, fields, "needs", "")
        switch fields["members"] {
        case nil, .null?: break
        case let .array(items)?:
            for (position, item) in items.enumerated() {
                if let member = member(item, at: "members[\(position)]") { record.members.append(member) }
            }
        default: report("members", .wrongType(expected: "array"))
        }
        return record
    }

    mutating func member(_ value: JSONValue, at path: String) -> MemberRecord? {
        guard let fields = fields(value, at: path, allowed: Self.memberKeys) else { return nil }
        let name = string(fields, "name", path)
        if name == nil { report(Self.join(path, "name"), .required) }
        return MemberRecord(
            name: name ?? "",
            sex: code(Sex.self, fields["sex"], at: Self.join(path, "sex")),
            birthDate: date(fields, "birthDate", path),
            birthYear: integer(fields, "birthYear", path),
            relation: code(Relation.self, fields["relation"], at: Self.join(path, "relation")),
            idNumber: string(fields, "idNumber", path),
            ethnicity: string(fields, "ethnicity", path),
            religion: string(fields, "religion", path),
            employment: code(Employment.self, fields["employment"], at: Self.join(path, "employment")),
            ableToWork: bool(fields, "ableToWork", path),
            disability: code(Disability.self, fields["disability"], at: Self.join(path, "disability")),
            monthlyAllowance: bool(fields, "monthlyAllowance", path),
            healthInsurance: bool(fields, "healthInsurance", path),
            malnourished: bool(fields, "malnourished", path),
            education: code(Education.self, fields["education"], at: Self.join(path, "education")),
            studying: bool(fields, "studying", path),
            schoolOnTrack: bool(fields, "schoolOnTrack", path),
            usesInternet: bool(fields, "usesInternet", path))
    }
}
