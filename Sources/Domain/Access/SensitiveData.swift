/// Sensitive personal data under Law 91/2025/QH15 (`domain.md` §6): ethnicity, religion, health
/// and disability are shown only to roles granted them; citizen-ID numbers are masked to their
/// last four digits unless a permitted user reveals them.
public enum SensitiveData {
    public static let maskCharacter: Character = "*"

    /// `********1234`: enough to tell two people apart, not enough to impersonate one.
    public static func masked(idNumber: String) -> String {
        guard idNumber.count > 4 else { return String(repeating: maskCharacter, count: idNumber.count) }
        return String(repeating: maskCharacter, count: idNumber.count - 4) + idNumber.suffix(4)
    }

    public static func isMasked(_ idNumber: String) -> Bool { idNumber.contains(maskCharacter) }

    /// The member facts (interchange-format keys) that `redacted` withholds unless `showSensitive`.
    public static let withheldMemberFields: Set<String> = ["ethnicity", "religion", "disability", "healthInsurance", "malnourished"]

    /// Every sensitive member fact: the withheld ones and the ID number, which is masked.
    public static let sensitiveMemberFields: Set<String> = withheldMemberFields.union(["idNumber"])

    /// The record as a user may see it: without the sensitive facts unless `showSensitive`,
    /// with masked ID numbers unless `revealIDNumbers`.
    public static func redacted(_ record: HouseholdRecord, showSensitive: Bool, revealIDNumbers: Bool) -> HouseholdRecord {
        var record = record
        record.members = record.members.map { member in
            var member = member
            if !revealIDNumbers { member.idNumber = member.idNumber.map(masked(idNumber:)) }
            if !showSensitive {
                member.ethnicity = nil
                member.religion = nil
                member.disability = nil
                member.healthInsurance = nil
                member.malnourished = nil
            }
            return member
        }
        return record
    }

    /// A record sent back by a user who saw masked ID numbers: each masked number that matches a
    /// stored member's (same masked form) is replaced by the stored one; any other stays as sent
    /// and is refused by the validator.
    public static func restoringMaskedIDNumbers(_ incoming: MemberRecord, from stored: [MemberRecord]) -> MemberRecord {
        guard let id = incoming.idNumber, isMasked(id),
              let original = stored.compactMap(\.idNumber).first(where: { masked(idNumber: $0) == id }) else { return incoming }
        var member = incoming
        member.idNumber = original
        return member
    }
}
