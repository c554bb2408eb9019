/// The value rules of a household, in one place for every way in (JSON, forms, CSV/XLSX).
public enum HouseholdValidator {
    public static let maximumTextLength = 500

    /// Every rule broken by `record`; empty when it is valid. `today`, when given, refuses a
    /// survey dated after it (the app stores no future survey; `classify` may preview one).
    public static func validate(_ record: HouseholdRecord, today: LocalDate? = nil) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        // Fields are named only for a problem found: most households have none.
        func report(_ field: @autoclosure () -> String, _ problem: FieldIssue.Problem) {
            issues.append(FieldIssue(householdCode: record.code.isEmpty ? nil : record.code, field: field(), problem: problem))
        }
        func checkText(_ value: String?, _ field: @autoclosure () -> String) {
            // The byte count is never below the character count, and much cheaper to get.
            if let value, value.utf8.count > maximumTextLength, value.count > maximumTextLength { report(field(), .tooLong(maximum: maximumTextLength)) }
        }

        if record.code.isBlank { report("code", .empty) }
        if record.code.utf8.count > 64, record.code.count > 64 { report("code", .tooLong(maximum: 64)) }
        if let communeCode = record.communeCode, !isDigits(communeCode, count: 5) {
            report("communeCode", .unknownCommune)
        }
        checkText(record.hamlet, "hamlet")
        checkText(record.address, "address")
        if let surveyDate = record.surveyDate {
            if let today, surveyDate > today { report("surveyDate", .surveyInFuture) }
            if surveyDate.year < 1900 { report("surveyDate", .implausibleYear) }
        }
        if let income = record.income {
            if let value = income.perCapitaMonthly, value < 0 { report("income.perCapitaMonthly", .negative) }
            if let value = income.scoreA, value < 0 { report("income.scoreA", .negative) }
        }
        if let area = record.housing?.floorAreaM2, area < 0 || !area.isFinite { report("housing.floorAreaM2", .negative) }

        for (position, member) in record.members.enumerated() {
            func field(_ name: String) -> String { "members[\(position)].\(name)" }
            if member.name.isBlank { report(field("name"), .empty) }
            checkText(member.name, field("name"))
            checkText(member.religion, field("religion"))
            if let year = member.birthYear, year < 1900 || year > 9999 { report(field("birthYear"), .implausibleYear) }
            if let birth = member.birthDate, birth.year < 1900 { report(field("birthDate"), .implausibleYear) }
            if let birth = member.effectiveBirthDate {
                if let surveyDate = record.surveyDate, birth > surveyDate {
                    report(member.birthDate == nil ? field("birthYear") : field("birthDate"), .birthAfterSurvey)
                } else if let today, birth > today {
                    report(member.birthDate == nil ? field("birthYear") : field("birthDate"), .birthAfterSurvey)
                }
            }
            if let id = member.idNumber, !(isDigits(id, count: 9) || isDigits(id, count: 12)) {
                report(field("idNumber"), .idNumberDigits)
            }
            if let ethnicity = member.ethnicity, !EthnicGroups.isKnown(ethnicity) {
                report(field("ethnicity"), .unknownEthnicity)
            }
        }
        return issues
    }

    /// Rejects the codes used twice in one file or request.
    public static func duplicateCodes(_ records: [HouseholdRecord]) -> [FieldIssue] {
        var seen = Set<String>()
        return records.compactMap { record in
            seen.insert(record.code).inserted ? nil
                : FieldIssue(householdCode: record.code, field: "code", problem: .duplicateCode)
        }
    }

    static func isDigits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.withUTF8Bytes { $0.allSatisfy { $0 >= 48 && $0 <= 57 } }
    }
}

extension String {
    /// Empty or whitespace only. Text with a visible ASCII character is not, which is found
    /// without looking up Unicode properties.
    var isBlank: Bool {
        if withUTF8Bytes({ $0.contains { $0 > 0x20 && $0 < 0x7F } }) { return false }
        return trimmingWhitespace.isEmpty
    }

    /// `body` given the UTF-8 bytes in one buffer: scanning it costs much less than iterating
    /// the string's views.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var text = self
        return try text.withUTF8(body)
    }

    var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return Substring(scalars[first...last])
    }
}
