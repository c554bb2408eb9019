/// A made-up but realistic data set modelled on the source article (`seed/`): the Bạc Liêu
/// provincial police sponsoring 115 poor households from 2021 to May 2024, all of which the
/// communes recognised as having escaped poverty, plus about 300 poor and near-poor households
/// nobody sponsors yet. Names, citizen IDs and addresses are invented; the administrative units
/// and their codes are the official pre-2025 ones.
///
/// `make()` is pure and deterministic: no I/O, no clock, no system randomness.
public struct DemoDataset: Equatable, Sendable {
    /// Province, districts, communes — parents before children.
    public var administrativeUnits: [AdministrativeUnitRecord]
    /// The sponsoring organisation's tree — parents before children.
    public var organisationUnits: [OrganisationUnitSeed]
    public var households: [DemoHousehold]
    public var accounts: [DemoAccount]

    public init(
        administrativeUnits: [AdministrativeUnitRecord], organisationUnits: [OrganisationUnitSeed],
        households: [DemoHousehold], accounts: [DemoAccount]
    ) {
        self.administrativeUnits = administrativeUnits
        self.organisationUnits = organisationUnits
        self.households = households
        self.accounts = accounts
    }

    /// The same data set on every call.
    public static func make() -> DemoDataset {
        var builder = DemoHouseholdBuilder(seed: 0x0D06_4A4E_2024_0510)
        return DemoDataset(
            administrativeUnits: DemoPlaces.administrativeUnits,
            organisationUnits: DemoOrganisation.units,
            households: builder.sponsoredHouseholds() + builder.unsponsoredHouseholds(),
            accounts: DemoAccounts.all
        )
    }
}

/// One household with its history: the current roster, dated surveys, the commune's yearly
/// recognitions and, for the sponsored ones, the sponsoring unit.
public struct DemoHousehold: Equatable, Sendable {
    /// "BL-31840-0001": commune code and a sequence number within the commune.
    public var code: String
    public var communeCode: String
    public var hamlet: String
    public var address: String
    /// The roster as of the latest survey, with every fact filled.
    public var members: [MemberRecord]
    /// Snapshots, oldest first; each carries its own roster as it was on its date.
    public var surveys: [HouseholdRecord]
    /// One per year, oldest first.
    public var recognitions: [DemoRecognition]
    public var sponsorship: DemoSponsorship?

    public init(
        code: String, communeCode: String, hamlet: String, address: String, members: [MemberRecord],
        surveys: [HouseholdRecord], recognitions: [DemoRecognition], sponsorship: DemoSponsorship?
    ) {
        self.code = code
        self.communeCode = communeCode
        self.hamlet = hamlet
        self.address = address
        self.members = members
        self.surveys = surveys
        self.recognitions = recognitions
        self.sponsorship = sponsorship
    }
}

/// What a commune decision said of a household for one year.
public struct DemoRecognition: Equatable, Sendable {
    /// The year the status applies to (the review of year − 1 decides it).
    public var year: Int
    public var status: RecognisedStatus
    /// "125/QĐ-UBND".
    public var decisionNumber: String
    public var decisionDate: LocalDate
    /// The office of the signer: "Chủ tịch UBND xã Hiệp Thành".
    public var signer: String

    public init(year: Int, status: RecognisedStatus, decisionNumber: String, decisionDate: LocalDate, signer: String) {
        self.year = year
        self.status = status
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
        self.signer = signer
    }
}

public struct DemoSponsorship: Equatable, Sendable {
    public var organisationUnitCode: String
    public var from: LocalDate
    /// Nil while the unit still follows the household (post-exit monitoring).
    public var to: LocalDate?

    public init(organisationUnitCode: String, from: LocalDate, to: LocalDate?) {
        self.organisationUnitCode = organisationUnitCode
        self.from = from
        self.to = to
    }
}

/// A demo login. The passwords are public by design: demo data only, never production.
public struct DemoAccount: Equatable, Sendable {
    public var username: String
    public var displayName: String
    public var password: String
    /// administrator | steeringCommittee | unitLeader | unitOfficer | communeOfficial | auditor
    public var role: String
    public var organisationUnitCode: String?
    /// The communes a commune official speaks for; empty for every other role.
    public var communeCodes: [String]

    public init(
        username: String, displayName: String, password: String, role: String,
        organisationUnitCode: String?, communeCodes: [String]
    ) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.role = role
        self.organisationUnitCode = organisationUnitCode
        self.communeCodes = communeCodes
    }
}
