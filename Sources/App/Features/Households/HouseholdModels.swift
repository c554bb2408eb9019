import Domain
import Fluent
import Vapor

/// A household of the registry. Never deleted: archived with a reason.
final class Household: Model, @unchecked Sendable {
    static let schema = "households"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Parent(key: "commune_id") var commune: AdministrativeUnit
    @OptionalField(key: "hamlet") var hamlet: String?
    @OptionalField(key: "address") var address: String?
    /// Denormalised for listing, searching and sorting; refreshed whenever members change.
    @Field(key: "head_name") var headName: String
    @Field(key: "head_sort_key") var headSortKey: String
    @Field(key: "search_text") var searchText: String
    @Field(key: "member_count") var memberCount: Int
    /// The latest recognised status (commune's list) and computed status (latest survey).
    @OptionalField(key: "recognised_status") var recognisedStatus: String?
    @OptionalField(key: "recognised_year") var recognisedYear: Int?
    @OptionalField(key: "computed_status") var computedStatus: String?
    /// The latest result's deprived indicators as ",key,key,", so that one LIKE finds a key.
    @OptionalField(key: "computed_deprived") var computedDeprived: String?
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @OptionalField(key: "archive_reason") var archiveReason: String?
    @Field(key: "is_demo") var isDemo: Bool
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$household) var members: [Member]

    init() {}

    init(code: String, communeID: UUID, hamlet: String?, address: String?, isDemo: Bool = false) {
        self.code = code
        self.$commune.id = communeID
        self.hamlet = hamlet
        self.address = address
        self.headName = ""
        self.headSortKey = ""
        self.searchText = ""
        self.memberCount = 0
        self.isDemo = isDemo
        self.version = 1
    }

    /// Recomputes the denormalised name, sort and search columns from the current members.
    func refreshDerivedFields(members: [Member]) {
        let listing = HouseholdListing(code: code, members: members.map {
            HouseholdListing.Person(position: $0.position, name: $0.name, sortKey: $0.sortKey, relation: $0.relation, status: $0.status,
                                    idNumber: $0.idNumber)
        })
        headName = listing.headName
        headSortKey = listing.headSortKey
        memberCount = listing.memberCount
        searchText = listing.searchText
    }
}

enum MemberStatus: String, CaseIterable, Sendable {
    case present, died, movedAway
}

/// A person of a household as the registry knows them now; surveys keep dated snapshots.
final class Member: Model, @unchecked Sendable {
    static let schema = "members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "household_id") var household: Household
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "sort_key") var sortKey: String
    @OptionalField(key: "sex") var sex: String?
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "birth_year") var birthYear: Int?
    @OptionalField(key: "relation") var relation: String?
    @OptionalField(key: "id_number") var idNumber: String?
    @OptionalField(key: "ethnicity") var ethnicity: String?
    @OptionalField(key: "religion") var religion: String?
    @OptionalField(key: "employment") var employment: String?
    @OptionalField(key: "able_to_work") var ableToWork: Bool?
    @OptionalField(key: "disability") var disability: String?
    @OptionalField(key: "monthly_allowance") var monthlyAllowance: Bool?
    @OptionalField(key: "health_insurance") var healthInsurance: Bool?
    @OptionalField(key: "malnourished") var malnourished: Bool?
    @OptionalField(key: "education") var education: String?
    @OptionalField(key: "studying") var studying: Bool?
    @OptionalField(key: "school_on_track") var schoolOnTrack: Bool?
    @OptionalField(key: "uses_internet") var usesInternet: Bool?
    @Field(key: "status") var status: String
    @Field(key: "version") var version: Int

    init() {}

    init(householdID: UUID, position: Int, record: MemberRecord) {
        self.$household.id = householdID
        self.position = position
        self.status = MemberStatus.present.rawValue
        self.version = 1
        apply(record)
    }

    func apply(_ record: MemberRecord) {
        let columns = MemberColumns(record)
        name = columns.name
        sortKey = columns.sortKey
        sex = columns.sex
        birthDate = columns.birthDate
        birthYear = columns.birthYear
        relation = columns.relation
        idNumber = columns.idNumber
        ethnicity = columns.ethnicity
        religion = columns.religion
        employment = columns.employment
        ableToWork = columns.ableToWork
        disability = columns.disability
        monthlyAllowance = columns.monthlyAllowance
        healthInsurance = columns.healthInsurance
        malnourished = columns.malnourished
        education = columns.education
        studying = columns.studying
        schoolOnTrack = columns.schoolOnTrack
        usesInternet = columns.usesInternet
    }

    var known: MemberPairing.Known { MemberPairing.Known(name: name, idNumber: idNumber, birthYear: birthYear) }

    var columns: MemberColumns {
        MemberColumns(name: name, sortKey: sortKey, sex: sex, birthDate: birthDate, birthYear: birthYear, relation: relation,
                      idNumber: idNumber, ethnicity: ethnicity, religion: religion, employment: employment, ableToWork: ableToWork,
                      disability: disability, monthlyAllowance: monthlyAllowance, healthInsurance: healthInsurance,
                      malnourished: malnourished, education: education, studying: studying, schoolOnTrack: schoolOnTrack,
                      usesInternet: usesInternet)
    }

    var record: MemberRecord { columns.record }
}

enum MemberEventKind: String, CaseIterable, Sendable {
    case joined, died, movedAway
}

/// Born or joined, died, moved away: the dated changes of a household's membership.
final class MemberEvent: Model, @unchecked Sendable {
    static let schema = "member_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "household_id") var household: Household
    @Parent(key: "member_id") var member: Member
    @Field(key: "kind") var kind: String
    @Field(key: "event_date") var eventDate: String
    @OptionalField(key: "note") var note: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(householdID: UUID, memberID: UUID, kind: MemberEventKind, date: LocalDate, note: String?) {
        self.$household.id = householdID
        self.$member.id = memberID
        self.kind = kind.rawValue
        self.eventDate = date.iso
        self.note = note
    }
}

/// A dated survey: the household's facts as they were on that date, members included, kept
/// as the interchange JSON so that a later change of the registry never rewrites history.
final class Survey: Model, @unchecked Sendable {
    static let schema = "surveys"

    @ID(key: .id) var id: UUID?
    @Parent(key: "household_id") var household: Household
    @Field(key: "survey_date") var surveyDate: String
    @OptionalField(key: "income_per_capita") var incomePerCapita: Int?
    @OptionalField(key: "score_a") var scoreA: Int?
    @Field(key: "facts") var facts: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(householdID: UUID, record: HouseholdRecord) {
        self.$household.id = householdID
        self.version = 1
        apply(record)
    }

    func apply(_ record: HouseholdRecord) {
        let columns = SurveyColumns(record)
        surveyDate = columns.surveyDate
        incomePerCapita = columns.incomePerCapita
        scoreA = columns.scoreA
        facts = columns.facts
    }

    /// The stored facts; they were validated when saved.
    var record: HouseholdRecord? { SurveyColumns.record(facts: facts) }
}

/// What the commune's list or decision says of a household for one year.
final class Recognition: Model, @unchecked Sendable {
    static let schema = "recognitions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "household_id") var household: Household
    @Field(key: "year") var year: Int
    @Field(key: "status") var status: String
    @OptionalField(key: "decision_number") var decisionNumber: String?
    @OptionalField(key: "decision_date") var decisionDate: String?
    @OptionalField(key: "signer") var signer: String?
    @Field(key: "version") var version: Int

    init() {}

    init(householdID: UUID, year: Int, status: RecognisedStatus, decisionNumber: String?, decisionDate: LocalDate?, signer: String?) {
        self.$household.id = householdID
        self.year = year
        self.status = status.rawValue
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate?.iso
        self.signer = signer
        self.version = 1
    }
}

/// A dated link: this organisation unit sponsors this household from … to ….
final class Sponsorship: Model, @unchecked Sendable {
    static let schema = "sponsorships"

    @ID(key: .id) var id: UUID?
    @Parent(key: "household_id") var household: Household
    @Parent(key: "organisation_unit_id") var organisationUnit: OrganisationUnit
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "version") var version: Int

    init() {}

    init(householdID: UUID, organisationUnitID: UUID, startsOn: LocalDate, endsOn: LocalDate?) {
        self.$household.id = householdID
        self.$organisationUnit.id = organisationUnitID
        self.startsOn = startsOn.iso
        self.endsOn = endsOn?.iso
        self.version = 1
    }
}
