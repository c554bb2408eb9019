/// The roles of the people who use Đồng Hành (`product.md`). What each may do is decided by
/// the permissions table that arrives with the access-control work; every user has one role
/// and a scope (an organisation unit and/or administrative areas).
public enum Role: String, CaseIterable, Codable, Sendable {
    case administrator, steeringCommittee, unitLeader, unitOfficer, communeOfficial, auditor
}
