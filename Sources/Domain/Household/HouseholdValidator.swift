/// The value rules of a household, in one place for every way in (JSON, forms, CSV/XLSX).
public enum HouseholdValidator {
    public static let maximumTextLength = 500

    /// Every rule broken by `record`; empty when it is valid. `today`, when given, refuses a
    /// survey dated after it (the app stores no future survey; `classify` may preview one).
    public static func validate(_ record: HouseholdRecord, today: LocalDate? = nil) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        func report(_ field: String, _ problem: FieldIssue.Problem) {
            issues.append(FieldIssue(householdCode: record.code.isEmpty ? nil : record.code, field: field, problem: problem))
        }
        func checkText(_ value: String?, _ field: String) {
            // The byte count is never below the character count, and much cheaper to get.
            if let value, value.utf8.count > maximumTextLength, value.count > maximumTextLength { report(field, .tooLong(maximum: maximumTextLength)) }
        }

        if record.code.trimmingWhitespace.isEmpty { report("code", .empty) }
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
            let path = "members[\(position)]"
            if member.name.trimmingWhitespace.isEmpty { report("\(path).name", .empty) }
            checkText(member.name, "\(path).name")
            checkText(member.religion, "\(path).religion")
            if let year = member.birthYear, year < 1900 || year > 9999 { report("\(path).birthYear", .implausibleYear) }
            if let birth = member.birthDate, birth.year < 1900 { report("\(path).birthDate", .implausibleYear) }
            if let birth = member.effectiveBirthDate {
                if let surveyDate = record.surveyDate, birth > surveyDate {
                    report(member.birthDate == nil ? "\(path).birthYear" : "\(path).birthDate", .birthAfterSurvey)
                } else if let today, birth > today {
                    report(member.birthDate == nil ? "\(path).birthYear" : "\(path).birthDate", .birthAfterSurvey)
                }
            }
            if let id = member.idNumber, !(isDigits(id, count: 9) || isDigits(id, count: 12)) {
                report("\(path).idNumber", .idNumberDigits)
            }
            if let ethnicity = member.ethnicity, EthnicGroups.canonical(ethnicity) == nil {
                report("\(path).ethnicity", .unknownEthnicity)
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
        text.utf8.count == count && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return Substring(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// `properties.isWhitespace` without the Unicode tables, which are slow to consult: the
    /// White_Space property lists these scalars, unchanged since Unicode 6.3.
    var isWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
