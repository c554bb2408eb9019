/// A day of the year, for the periodic-review window ("09-01" … "12-14").
public struct MonthDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    /// Any day that exists in some year (29 February included).
    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: 2000) else { return nil }
        self.month = month
        self.day = day
    }

    /// Parses exactly `MM-dd`.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
              let month = Int(parts[0]), let day = Int(parts[1]) else { return nil }
        self.init(month: month, day: day)
    }

    public init(_ date: LocalDate) {
        month = date.month
        day = date.day
    }

    public static func < (lhs: MonthDay, rhs: MonthDay) -> Bool { (lhs.month, lhs.day) < (rhs.month, rhs.day) }

    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }
}

/// Which standard a review round uses (`domain.md` §3): the default rule and an administrator's
/// overrides, as data.
public struct ReviewRounds: Equatable, Sendable {
    /// The periodic review runs from `periodicFrom` to `periodicTo` (inclusive) of year Y and
    /// classifies for Y+1, so it uses the standard in force on 1 January of Y+1. Any other
    /// date is a regular review, which uses the standard in force on its date.
    public var periodicFrom: MonthDay
    public var periodicTo: MonthDay
    /// At most one per review year; they replace the default rule for that year's periodic review.
    public var overrides: [Override]
    public var notes: [String]

    public init(periodicFrom: MonthDay, periodicTo: MonthDay, overrides: [Override] = [], notes: [String] = []) {
        self.periodicFrom = periodicFrom
        self.periodicTo = periodicTo
        self.overrides = overrides
        self.notes = notes
    }

    public struct Override: Equatable, Sendable {
        public var reviewYear: Int
        /// nil: that round falls under no supported standard (e.g. results published under
        /// the 2016–2020 standard).
        public var standardID: String?
        public var note: String?

        public init(reviewYear: Int, standardID: String?, note: String? = nil) {
            self.reviewYear = reviewYear
            self.standardID = standardID
            self.note = note
        }
    }

    /// The year whose periodic review `date` falls in, if it does.
    public func periodicReviewYear(of date: LocalDate) -> Int? {
        let day = MonthDay(date)
        return periodicFrom <= day && day <= periodicTo ? date.year : nil
    }

    static func decode(_ reader: JSONReader) throws(StandardDataError) -> ReviewRounds {
        let root = try reader.object(allowing: ["notes", "periodicReview", "overrides"])
        let window = try root.required("periodicReview").object(allowing: ["from", "to"])
        func monthDay(_ key: String) throws(StandardDataError) -> MonthDay {
            let field = try window.required(key)
            guard let day = MonthDay(text: try field.string()) else { throw field.fail(.invalidDate) }
            return day
        }
        let from = try monthDay("from")
        let to = try monthDay("to")
        if to < from { throw window.fail(at: "to", .endBeforeStart) }

        var overrides: [Override] = []
        for item in try root.optional("overrides")?.array() ?? [] {
            let object = try item.object(allowing: ["reviewYear", "standard", "note"])
            let year = try object.required("reviewYear").positiveInteger()
            if overrides.contains(where: { $0.reviewYear == year }) { throw object.fail(at: "reviewYear", .duplicate) }
            // "standard" must be present; null says "no supported standard".
            guard object.value["standard"] != nil else { throw object.fail(at: "standard", .required) }
            overrides.append(Override(
                reviewYear: year, standardID: try object.optional("standard")?.string(),
                note: try object.optional("note")?.string()
            ))
        }
        return ReviewRounds(periodicFrom: from, periodicTo: to, overrides: overrides, notes: try root.optional("notes")?.strings() ?? [])
    }
}

/// The poverty standards the software supports and the review-round mapping: shipped as data
/// (`builtIn`), replaceable by an administrator's files (`load`).
public struct StandardCatalog: Equatable, Sendable {
    /// Ordered by `validFrom`.
    public let standards: [PovertyStandard]
    public let reviewRounds: ReviewRounds

    /// Checks that ids are unique, validity periods do not overlap and overrides name known standards.
    public init(standards: [PovertyStandard], reviewRounds: ReviewRounds) throws(StandardDataError) {
        guard !standards.isEmpty else { throw StandardDataError(path: "standards", problem: .noStandards) }
        let sorted = standards.enumerated().sorted { $0.element.validFrom < $1.element.validFrom }
        for (position, entry) in sorted.enumerated() {
            let path = "standards[\(entry.offset)]"
            if standards[..<entry.offset].contains(where: { $0.id == entry.element.id }) {
                throw StandardDataError(path: "\(path).id", problem: .duplicate)
            }
            if position > 0 {
                let previous = sorted[position - 1].element
                // An open-ended predecessor, or one ending on or after this start, overlaps.
                if (previous.validTo ?? entry.element.validFrom) >= entry.element.validFrom {
                    throw StandardDataError(path: "\(path).validFrom", problem: .overlappingValidity(otherID: previous.id))
                }
            }
        }
        for (index, override) in reviewRounds.overrides.enumerated() {
            if let id = override.standardID, !standards.contains(where: { $0.id == id }) {
                throw StandardDataError(path: "reviewRounds.overrides[\(index)].standard", problem: .unknownStandard(id: id))
            }
        }
        self.standards = sorted.map(\.element)
        self.reviewRounds = reviewRounds
    }

    /// Builds a catalog from file contents: one JSON document per standard and the review-round file.
    public static func load(standardsJSON: [[UInt8]], reviewRoundsJSON: [UInt8]) throws(StandardDataError) -> StandardCatalog {
        var standards: [PovertyStandard] = []
        for (index, bytes) in standardsJSON.enumerated() {
            standards.append(try PovertyStandard.decode(JSONReader.parse(bytes, path: "standards[\(index)]")))
        }
        let rounds = try ReviewRounds.decode(JSONReader.parse(reviewRoundsJSON, path: "reviewRounds"))
        return try StandardCatalog(standards: standards, reviewRounds: rounds)
    }

    public func standard(id: String) -> PovertyStandard? {
        standards.first { $0.id == id }
    }

    public func standard(inForceOn date: LocalDate) -> PovertyStandard? {
        standards.first { $0.isInForce(on: date) }
    }

    /// The standard a survey on `date` is classified under, when no standard is named: an
    /// override for the periodic review of that year if there is one, else the standard in force
    /// on 1 January of the next year (periodic review) or on `date` (regular review).
    /// nil when that is no supported standard (e.g. a 2021 regular review, under 2016–2020).
    public func standard(forSurveyOn date: LocalDate) -> PovertyStandard? {
        guard let year = reviewRounds.periodicReviewYear(of: date) else { return standard(inForceOn: date) }
        if let override = reviewRounds.overrides.first(where: { $0.reviewYear == year }) {
            return override.standardID.flatMap { standard(id: $0) }
        }
        return LocalDate(year: year + 1, month: 1, day: 1).flatMap { standard(inForceOn: $0) }
    }
}
