/// How a commune's own sheet maps onto the template: the headings it gives our columns and the
/// words it writes for our codes. Headings and words match whatever their case and diacritics.
/// A heading it does not name is matched by column key or by the template's heading.
public struct ColumnMapping: Codable, Sendable, Equatable {
    /// Heading in the households sheet → column key. An empty key leaves the column out
    /// (a "STT" row counter, a "Ghi chú" of the commune's own).
    public var households: [String: String]
    /// Heading in the members sheet → column key, as for `households`.
    public var members: [String: String]
    /// Column key → word in the file → code: `sex` → `Nữ giới` → `female`. For a yes/no column
    /// the codes are `true` and `false`.
    public var words: [String: [String: String]]

    public init(households: [String: String] = [:], members: [String: String] = [:], words: [String: [String: String]] = [:]) {
        self.households = households
        self.members = members
        self.words = words
    }

    /// A mapping written by hand may leave out what it does not need.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        households = try container.decodeIfPresent([String: String].self, forKey: .households) ?? [:]
        members = try container.decodeIfPresent([String: String].self, forKey: .members) ?? [:]
        words = try container.decodeIfPresent([String: [String: String]].self, forKey: .words) ?? [:]
    }

    public func headings(of table: HouseholdTable) -> [String: String] {
        switch table {
        case .households: return households
        case .members: return members
        }
    }
}
