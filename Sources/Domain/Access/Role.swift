/// The roles of the people who use Đồng Hành (`product.md`). What each may do is the
/// permissions table below, the one source of truth for the code and the README.
public enum Role: String, CaseIterable, Codable, Sendable {
    case administrator, steeringCommittee, unitLeader, unitOfficer, communeOfficial, auditor

    /// Whose households a role sees: the whole organisation, or only its own scope (an
    /// organisation unit with its descendants, and/or administrative areas).
    public var seesWholeOrganisation: Bool {
        switch self {
        case .administrator, .steeringCommittee, .auditor: true
        case .unitLeader, .unitOfficer, .communeOfficial: false
        }
    }

    public func may(_ permission: Permission) -> Bool {
        PermissionTable.grants[permission, default: []].contains(self)
    }
}

/// Everything a route can require. Reading households is always further limited by scope.
public enum Permission: String, CaseIterable, Sendable {
    /// Household lists, files and search, with names.
    case viewHouseholds
    /// Create and edit households, members and surveys; archive a household.
    case editHouseholds
    /// Record the commune's recognition decision.
    case recordRecognition
    /// Assign a household to a sponsoring unit.
    case assignSponsor
    /// Ethnicity, religion, health and disability (Law 91/2025/QH15: sensitive personal data).
    case viewSensitive
    /// Show a full citizen-ID number (each reveal is logged).
    case revealIDNumber
    /// Aggregate reports without names (analytics and its CSV).
    case viewReports
    /// Preview a reclassification under another standard.
    case previewReclassification
    /// Confirm a reclassification: stores new results for every household.
    case confirmReclassification
    /// Accounts: create, change role and scope, reset passwords, deactivate.
    case manageUsers
    /// Read the audit log.
    case viewAuditLog
}

public enum PermissionTable {
    /// Who holds each permission. The README's table is printed from this (`donghanh permissions`).
    public static let grants: [Permission: Set<Role>] = [
        .viewHouseholds: [.administrator, .steeringCommittee, .unitLeader, .unitOfficer, .communeOfficial],
        .editHouseholds: [.administrator, .unitLeader, .unitOfficer, .communeOfficial],
        .recordRecognition: [.administrator, .communeOfficial],
        .assignSponsor: [.administrator, .steeringCommittee, .unitLeader],
        .viewSensitive: [.administrator, .unitLeader, .unitOfficer, .communeOfficial],
        .revealIDNumber: [.administrator, .unitLeader, .communeOfficial],
        .viewReports: Set(Role.allCases),
        .previewReclassification: [.administrator, .steeringCommittee],
        .confirmReclassification: [.administrator],
        .manageUsers: [.administrator],
        .viewAuditLog: [.administrator, .auditor],
    ]

    /// The table as Markdown, in English, for the README.
    public static func markdown() -> String {
        let roles = Role.allCases
        var lines = ["| Permission | " + roles.map { Translations.text("role.\($0.rawValue)", in: .en) }.joined(separator: " | ") + " |"]
        lines.append("|---|" + roles.map { _ in ":-:|" }.joined())
        for permission in Permission.allCases {
            let cells = roles.map { $0.may(permission) ? "✓" : "–" }
            lines.append("| \(Translations.text("permission.\(permission.rawValue)", in: .en)) | " + cells.joined(separator: " | ") + " |")
        }
        let scope = roles.map { Translations.text($0.seesWholeOrganisation ? "scope.whole" : "scope.own", in: .en) }
        lines.append("| Households seen | " + scope.joined(separator: " | ") + " |")
        return lines.joined(separator: "\n") + "\n"
    }
}
