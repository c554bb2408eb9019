/// Coded values of the household interchange format (`household-format.md`).
/// Raw values are the codes used in JSON, CSV and the database.

public enum Area: String, CaseIterable, Codable, Sendable {
    case rural, urban
}

public enum Need: String, CaseIterable, Codable, Sendable {
    case capital, livestock, productionTools, housing, vocationalTraining, jobReferral
    case scholarship, healthInsurance, technicalAdvice, other
}

public enum Device: String, CaseIterable, Codable, Sendable {
    case tv, radio, computer, smartphone
}

public enum Sex: String, CaseIterable, Codable, Sendable {
    case male, female
}

public enum Relation: String, CaseIterable, Codable, Sendable {
    case head, spouse, child, parent, grandchild, sibling, other
}

public enum Employment: String, CaseIterable, Codable, Sendable {
    case contract, noContract, selfEmployed, unemployed, studying, notWorking
}

public enum Disability: String, CaseIterable, Codable, Sendable {
    case none, mild, severe, extreme
}

public enum Education: String, CaseIterable, Codable, Sendable {
    case none, primary, lowerSecondary, upperSecondary, vocational, college, university
}

/// The deprivation indicators of Decree 07/2021 and Decree 351/2025, in the order of the
/// table in `domain.md` (which is also the order results list them in).
public enum IndicatorKey: String, CaseIterable, Codable, Sendable {
    case employment, dependents, nutrition, healthInsurance, adultEducation, childSchooling
    case housingQuality, housingArea, water, latrine, telecom, informationAccess, waste
}

/// What the commune's list or decision says of a household for a year; kept apart from the
/// status computed from surveys.
public enum RecognisedStatus: String, CaseIterable, Codable, Sendable {
    case poor, nearPoor, escapedPoverty, escapedNearPoverty, notPoor
}

/// Status computed by a poverty standard from a survey.
public enum ComputedStatus: String, CaseIterable, Codable, Sendable {
    case poor, nearPoor, averageLiving, notPoor, incomplete
}
