import Domain
import Fluent
import Vapor

/// View contexts of the household pages: display-ready strings in the visitor's language.
struct HouseholdListPage: Encodable {
    struct Row: Encodable {
        let code: String
        let headName: String
        let commune: String
        let memberCount: Int
        let recognised: String
        let computed: String
        let disagree: Bool
        let sponsor: String
        let archived: Bool
    }

    struct PageLink: Encodable {
        let number: Int
        let url: String
        let current: Bool
    }

    let layout: Layout
    let heading: String
    let intro: String?
    let formAction: String
    let canCreate: Bool
    /// The list's filters, for the export links.
    let exportQuery: String
    let filter: [FormField]
    let query: String
    let rows: [Row]
    let total: String
    let page: Int
    let pageCount: Int
    let previousURL: String?
    let nextURL: String?
}

struct HouseholdDetailPage: Encodable {
    /// Which actions the page offers: a button the user may not use is not shown.
    struct Permissions: Encodable {
        let edit: Bool
        let recordRecognition: Bool
        let assignSponsor: Bool
    }

    struct MemberRow: Encodable {
        let id: String
        let name: String
        let relation: String
        let sex: String
        let birth: String
        /// Masked unless this page is the answer to a logged reveal.
        let idNumber: String
        let revealable: Bool
        let ethnicity: String
        let employment: String
        let status: String
        let present: Bool
    }

    struct SurveyRow: Encodable {
        let id: String
        let date: String
        let income: String
        let scoreA: String
        let memberCount: Int
        let standard: String
        let status: String
    }

    /// The latest survey's classification: the result, its deprivations by dimension, and why.
    struct ClassificationView: Encodable {
        struct IndicatorRow: Encodable {
            let label: String
            let state: String
            let stateCode: String
            let source: String
        }

        struct DimensionRow: Encodable {
            let label: String
            let indicators: [IndicatorRow]
        }

        let standard: String
        let surveyDate: String
        let status: String
        let score: String
        let dimensions: [DimensionRow]
        let explanation: [String]
    }

    struct RecognitionRow: Encodable {
        let year: Int
        let status: String
        let decision: String
    }

    struct SponsorshipRow: Encodable {
        let unit: String
        let period: String
    }

    struct EventRow: Encodable {
        let date: String
        let kind: String
        let member: String
        let note: String
    }

    let layout: Layout
    let code: String
    let headName: String
    let commune: String
    let area: String
    let hamlet: String
    let address: String
    let recognised: String
    let computed: String
    let disagree: Bool
    let archived: Bool
    let archiveReason: String
    /// Ethnicity is shown only to roles granted sensitive data.
    let showSensitive: Bool
    let permissions: Permissions
    /// When it was archived, in Viet Nam's time.
    let archivedAt: String
    let version: Int
    let members: [MemberRow]
    let surveys: [SurveyRow]
    let classification: ClassificationView?
    /// The latest survey falls under no supported standard.
    let noStandard: Bool
    let recognitions: [RecognitionRow]
    let sponsorships: [SponsorshipRow]
    let events: [EventRow]
    let eventKinds: [FormField.Option]
    let today: String
}

enum HouseholdDisplay {
    /// A computed status that says something other than the commune's decision. Statuses with
    /// no counterpart (no decision yet, incomplete facts) are not a disagreement.
    static func disagree(recognised: String?, computed: String?) -> Bool {
        guard let recognised = recognised.flatMap(RecognisedStatus.init(rawValue:)),
              let computed = computed.flatMap(ComputedStatus.init(rawValue:)) else { return false }
        return disagreements.contains { $0.recognised == recognised && $0.computed.contains(computed) }
    }

    /// For each recognised status, the computed statuses that contradict it (one table for the
    /// page flag and the database filter).
    static let disagreements: [(recognised: RecognisedStatus, computed: [ComputedStatus])] = [
        (.poor, [.nearPoor, .averageLiving, .notPoor]),
        (.nearPoor, [.poor, .averageLiving, .notPoor]),
        (.escapedPoverty, [.poor, .nearPoor]),
        (.escapedNearPoverty, [.poor, .nearPoor]),
        (.notPoor, [.poor, .nearPoor]),
    ]

    static func status(_ prefix: String, _ value: String?, year: Int? = nil, language: Language) -> String {
        guard let value else { return Translations.text("status.none", in: language) }
        let label = Translations.text("\(prefix).\(value)", in: language)
        guard let year else { return label }
        return Translations.render(Message("status.withYear", ["status": label, "year": String(year)]), in: language)
    }
}
