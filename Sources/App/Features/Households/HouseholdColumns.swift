import Domain
import Foundation

/// A member's stored columns as derived from the interchange record. The model and the import's
/// bulk rows both take them from here, so a member reads back the same however it was written.
/// A member whose stored columns equal a new record's is left as it is (version included).
struct MemberColumns: Sendable {
    let name: String
    let sortKey: String
    let sex: String?
    let birthDate: String?
    let birthYear: Int?
    let relation: String?
    let idNumber: String?
    let ethnicity: String?
    let religion: String?
    let employment: String?
    let ableToWork: Bool?
    let disability: String?
    let monthlyAllowance: Bool?
    let healthInsurance: Bool?
    let malnourished: Bool?
    let education: String?
    let studying: Bool?
    let schoolOnTrack: Bool?
    let usesInternet: Bool?
}

extension MemberColumns: Equatable {
    /// Texts compare by their bytes, as the databases compare them (the import asks the database
    /// whether a member changed): Swift's `==` would take a name in decomposed Unicode (NFD) for
    /// the same name composed (NFC), which the database stores as different.
    static func == (one: MemberColumns, other: MemberColumns) -> Bool {
        func same(_ one: String?, _ other: String?) -> Bool {
            switch (one, other) {
            case let (one?, other?): one.utf8.elementsEqual(other.utf8)
            default: one == nil && other == nil
            }
        }
        return same(one.name, other.name) && same(one.sortKey, other.sortKey) && same(one.sex, other.sex)
            && same(one.birthDate, other.birthDate) && one.birthYear == other.birthYear && same(one.relation, other.relation)
            && same(one.idNumber, other.idNumber) && same(one.ethnicity, other.ethnicity) && same(one.religion, other.religion)
            && same(one.employment, other.employment) && one.ableToWork == other.ableToWork && same(one.disability, other.disability)
            && one.monthlyAllowance == other.monthlyAllowance && one.healthInsurance == other.healthInsurance
            && one.malnourished == other.malnourished && same(one.education, other.education) && one.studying == other.studying
            && one.schoolOnTrack == other.schoolOnTrack && one.usesInternet == other.usesInternet
    }

    init(_ record: MemberRecord) {
        name = record.name.trimmingSpaces
        sortKey = VietnameseCollation.sortKey(forName: name)
        sex = record.sex?.rawValue
        birthDate = record.birthDate?.iso
        birthYear = record.birthDate?.year ?? record.birthYear
        relation = record.relation?.rawValue
        idNumber = record.idNumber
        ethnicity = record.ethnicity.map { EthnicGroups.canonical($0) ?? $0 }
        religion = record.religion
        employment = record.employment?.rawValue
        ableToWork = record.ableToWork
        disability = record.disability?.rawValue
        monthlyAllowance = record.monthlyAllowance
        healthInsurance = record.healthInsurance
        malnourished = record.malnourished
        education = record.education?.rawValue
        studying = record.studying
        schoolOnTrack = record.schoolOnTrack
        usesInternet = record.usesInternet
    }
}

extension MemberColumns {
    /// Read from a row holding `ImportWriter.Columns.memberRecord`.
    init(_ row: some StoredValues) throws {
        self.init(
            name: try row.requiredText("name"), sortKey: try row.requiredText("sort_key"), sex: try row.text("sex"),
            birthDate: try row.text("birth_date"), birthYear: try row.integer("birth_year"), relation: try row.text("relation"),
            idNumber: try row.text("id_number"), ethnicity: try row.text("ethnicity"), religion: try row.text("religion"),
            employment: try row.text("employment"), ableToWork: try row.bool("able_to_work"), disability: try row.text("disability"),
            monthlyAllowance: try row.bool("monthly_allowance"), healthInsurance: try row.bool("health_insurance"),
            malnourished: try row.bool("malnourished"), education: try row.text("education"), studying: try row.bool("studying"),
            schoolOnTrack: try row.bool("school_on_track"), usesInternet: try row.bool("uses_internet"))
    }

    /// The member in the interchange format.
    var record: MemberRecord {
        let date = birthDate.flatMap { LocalDate(iso: $0) }
        return MemberRecord(
            name: name, sex: sex.flatMap(Sex.init(rawValue:)), birthDate: date,
            birthYear: date == nil ? birthYear : nil,
            relation: relation.flatMap(Relation.init(rawValue:)), idNumber: idNumber,
            ethnicity: ethnicity, religion: religion,
            employment: employment.flatMap(Employment.init(rawValue:)), ableToWork: ableToWork,
            disability: disability.flatMap(Disability.init(rawValue:)), monthlyAllowance: monthlyAllowance,
            healthInsurance: healthInsurance, malnourished: malnourished,
            education: education.flatMap(Education.init(rawValue:)), studying: studying,
            schoolOnTrack: schoolOnTrack, usesInternet: usesInternet)
    }
}

/// The columns a household keeps for listing, searching and sorting, derived from its members:
/// the head (the present member related as head, else the first present), the count of present
/// members, and the folded text searched by code, names and ID numbers.
struct HouseholdListing: Sendable {
    struct Person: Sendable {
        let position: Int
        let name: String
        /// The name's `VietnameseCollation.sortKey(forName:)`, as the member keeps it.
        let sortKey: String
        let relation: String?
        let status: String
        let idNumber: String?

        init(position: Int, name: String, sortKey: String, relation: String?, status: String, idNumber: String?) {
            self.position = position
            self.name = name
            self.sortKey = sortKey
            self.relation = relation
            self.status = status
            self.idNumber = idNumber
        }

        init(_ columns: MemberColumns, position: Int, status: String) {
            self.init(position: position, name: columns.name, sortKey: columns.sortKey, relation: columns.relation, status: status,
                      idNumber: columns.idNumber)
        }
    }

    let headName: String
    let headSortKey: String
    let memberCount: Int
    let searchText: String

    init(code: String, members: [Person]) {
        let present = members.filter { $0.status == MemberStatus.present.rawValue }.sorted { $0.position < $1.position }
        let head = present.first { $0.relation == Relation.head.rawValue } ?? present.first
        headName = head?.name ?? ""
        headSortKey = head?.sortKey ?? ""
        memberCount = present.count
        let terms = [code] + members.map(\.name) + members.compactMap(\.idNumber)
        searchText = VietnameseText.fold(terms.joined(separator: " | "))
    }
}

/// A survey's stored columns: the date and income kept apart for querying, and the whole record
/// as the interchange JSON.
struct SurveyColumns: Sendable {
    let surveyDate: String
    let incomePerCapita: Int?
    let scoreA: Int?
    /// The facts' JSON, as the import writes it.
    let factsUTF8: [UInt8]
    var facts: String { String(decoding: factsUTF8, as: UTF8.self) }

    init(_ record: HouseholdRecord) {
        surveyDate = record.surveyDate?.iso ?? ""
        incomePerCapita = record.income?.perCapitaMonthly
        scoreA = record.income?.scoreA
        factsUTF8 = HouseholdJSON.serializedUTF8(record)
    }

    /// The record of stored facts, which were validated when saved. Through the fast decoder
    /// (it hands what it does not expect to `HouseholdJSON`): exports and reclassifications
    /// decode a province's surveys.
    static func record(facts: String) -> HouseholdRecord? {
        try? HouseholdFastDecoder.decode(Array(facts.utf8)[...]).get()
    }
}

/// A classification's stored columns.
struct ClassificationColumns: Sendable {
    let standardID: String
    let status: String
    let incomeBasis: String?
    let incomeLine: Int?
    /// Indicator keys, comma-separated, in the standard's order.
    let deprived: String
    let missing: String
    let deprivationScore: Int

    init(_ classification: Classification) {
        standardID = classification.standardID
        status = classification.status.rawValue
        incomeBasis = classification.incomeBasis?.rawValue
        incomeLine = classification.incomeLine
        deprived = classification.deprived.map(\.rawValue).joined(separator: ",")
        missing = classification.missing.joined(separator: ",")
        deprivationScore = classification.deprivationScore
    }

    /// The form kept on the household for filtering by deprivation: one LIKE finds ",key,".
    static func deprivedForFiltering(_ deprived: String) -> String { ",\(deprived)," }
}
