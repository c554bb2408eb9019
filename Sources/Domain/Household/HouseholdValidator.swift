/// The value rules of a household, in one place for every way in (JSON, forms, CSV/XLSX).
public enum HouseholdValidator {
    public static let maximumTextLength = 500

    /// Every rule broken by `record`; empty when it is valid. `today`, when given, refuses a
    /// survey dated after it (the app stores no future survey; `classify` may preview one).
    public static func validate(_ record: HouseholdRecord, today: LocalDate? = nil) -> [FieldIssue] {
        validate(record, today: today, namesChecked: false)
    }

    /// `namesChecked`: the members' names were checked by `surelyKept(.name, by:)` and left out.
    static func validate(_ record: HouseholdRecord, today: LocalDate? = nil, namesChecked: Bool) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        // Fields are named only for a problem found: most households have none.
        func report(_ field: @autoclosure () -> String, _ problem: FieldIssue.Problem) {
            issues.append(FieldIssue(householdCode: record.code.isEmpty ? nil : record.code, field: field(), problem: problem))
        }
        func checkText(_ value: String?, _ field: @autoclosure () -> String) {
            if let value, value.utf8.count > maximumTextLength, value.count > maximumTextLength { report(field(), .tooLong(maximum: maximumTextLength)) }
        }

        if record.code.isBlank { report("code", .empty) }
        if record.code.utf8.count > 64, record.code.count > 64 { report("code", .tooLong(maximum: 64)) }
        if let communeCode = record.communeCode, !communeCode.withUTF8Bytes({ surelyKept(.communeCode, by: $0) }) {
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
            if !namesChecked {
                if member.name.isBlank { report(field("name"), .empty) }
                checkText(member.name, field("name"))
            }
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
            if let id = member.idNumber, !id.withUTF8Bytes({ surelyKept(.idNumber, by: $0) }) {
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

    /// Rules of text fields, for readers that check text on its bytes without making a string
    /// of it (`surelyKept(_:by:)`).
    enum TextRule {
        /// At most `maximumTextLength` characters.
        case limitedLength
        /// Not blank, and of limited length.
        case name
        /// Five digits.
        case communeCode
        /// Nine or twelve digits.
        case idNumber
        /// A group of `EthnicGroups`.
        case ethnicity
    }

    /// True when text of these UTF-8 bytes keeps `rule`. False when it breaks it, or for length,
    /// blankness and ethnicity, may break it: the string decides those (a character may be
    /// several bytes; an ethnic group may be spelled otherwise).
    static func surelyKept(_ rule: TextRule, by bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch rule {
        case .limitedLength: return bytes.count <= maximumTextLength
        case .name: return bytes.count <= maximumTextLength && hasVisibleASCII(bytes)
        case .communeCode: return isDigits(bytes, count: 5)
        case .idNumber: return isDigits(bytes, count: 9) || isDigits(bytes, count: 12)
        case .ethnicity: return EthnicGroups.isOfficialSpelling(bytes)
        }
    }

    static func isDigits(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        bytes.count == count && bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Some byte is a visible ASCII character: the text is not blank.
    static func hasVisibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 > 0x20 && $0 < 0x7F }
    }
}

extension String {
    /// Empty or whitespace only. Text with a visible ASCII character is not, which is found
    /// without looking up Unicode properties.
    var isBlank: Bool {
        if withUTF8Bytes(HouseholdValidator.hasVisibleASCII) { return false }
        return trimmingWhitespace.isEmpty
    }

    /// `body` given the UTF-8 bytes in one buffer: scanning it costs much less than iterating
    /// the string's views.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var text = self
        return try text.withUTF8(body)
    }

    var trimmingWhitespace: Substring { trimming(\.isWhitespace) }

    /// The text without the scalars at its ends that `isTrimmed` picks.
    public func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
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
