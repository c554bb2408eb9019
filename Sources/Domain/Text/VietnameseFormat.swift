import Foundation

/// Numbers, money and dates as Vietnamese officials write them (1.500.000; 99,1 %;
/// "ngày 18 tháng 01 năm 2022"), with the English forms where they differ.
/// Locale-free on purpose: the output must not depend on the server's locale data.
public enum VietnameseFormat {
    // MARK: Numbers

    /// 1500000 → "1.500.000" (en "1,500,000"); -1500 → "-1.500".
    public static func integer(_ value: Int, in language: Language) -> String {
        (value < 0 ? "-" : "") + grouped(value.magnitude, language)
    }

    /// 99.1 → "99,1" (en "99.1") with exactly `fractionDigits` digits (clamped to 0…9), rounded
    /// half away from zero on the number as written: 1.005 gives "1,01" although the Double is
    /// 1.00499…. A result that would not fit an Int (|value| ≳ 9.2e18 / 10^digits) and non-finite
    /// values fall back to Swift's `description`.
    public static func decimal(_ value: Double, fractionDigits: Int, in language: Language) -> String {
        let digits = min(max(fractionDigits, 0), 9)
        guard let scaled = scaledRounded(value, digits) else { return value.description }
        let unit = (0..<digits).reduce(UInt(1)) { power, _ in power * 10 }
        var text = (scaled < 0 ? "-" : "") + grouped(scaled.magnitude / unit, language)
        if digits > 0 {
            let fraction = String(scaled.magnitude % unit)
            text += decimalSeparator(language)
            text += String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// `value` is in percent: 99.1 → "99,1 %" (en "99.1%").
    public static func percent(_ value: Double, fractionDigits: Int = 1, in language: Language) -> String {
        let number = decimal(value, fractionDigits: fractionDigits, in: language)
        return language == .vi ? number + " %" : number + "%"
    }

    // MARK: Money

    /// 625000000 → "625.000.000 đồng" (en "625,000,000 VND").
    public static func money(_ dong: Int, in language: Language) -> String {
        integer(dong, in: language) + (language == .vi ? " đồng" : " VND")
    }

    /// In millions or billions with at most one decimal, rounded half away from zero and a zero
    /// decimal dropped: 625_000_000 → "625 triệu đồng", 1_250_000_000 → "1,3 tỷ đồng"
    /// (en "625 million VND", "1.3 billion VND"). An amount that rounds to 1.000 triệu is given
    /// as "1 tỷ". Below one million the full form is used ("500.000 đồng"); billions are the
    /// largest unit ("1.500 tỷ đồng").
    public static func moneyShort(_ dong: Int, in language: Language) -> String {
        let magnitude = dong.magnitude
        guard magnitude >= million else { return money(dong, in: language) }
        var unit = magnitude >= billion ? billion : million
        var tenths = roundedTenths(magnitude, of: unit)
        if unit == million, tenths >= 10_000 {
            unit = billion
            tenths = roundedTenths(magnitude, of: unit)
        }
        var text = (dong < 0 ? "-" : "") + grouped(tenths / 10, language)
        if tenths % 10 != 0 { text += decimalSeparator(language) + String(tenths % 10) }
        switch language {
        case .vi: return text + (unit == billion ? " tỷ đồng" : " triệu đồng")
        case .en: return text + (unit == billion ? " billion VND" : " million VND")
        }
    }

    // MARK: Dates

    /// dd/MM/yyyy, the everyday form in both languages: "18/01/2022".
    public static func date(_ date: LocalDate) -> String {
        "\(twoDigits(date.day))/\(twoDigits(date.month))/\(date.iso.prefix(4))"
    }

    /// For documents. Vietnamese follows Decree 30/2020 (Appendix I): days below 10 and months
    /// 1 and 2 take a leading zero, so that no digit can be added in front later:
    /// "ngày 18 tháng 01 năm 2022", "ngày 05 tháng 3 năm 2022". English: "18 January 2022".
    public static func formalDate(_ date: LocalDate, in language: Language) -> String {
        let year = date.iso.prefix(4)
        switch language {
        case .vi:
            let month = date.month <= 2 ? twoDigits(date.month) : String(date.month)
            return "ngày \(twoDigits(date.day)) tháng \(month) năm \(year)"
        case .en:
            return "\(date.day) \(englishMonths[date.month - 1]) \(year)"
        }
    }

    /// An instant in Vietnam time, "26/11/2026 14:05". Vietnam has kept UTC+7 without daylight
    /// saving since 1975, so a fixed offset is exact for any date the app handles, and unlike
    /// `TimeZone(identifier:)` does not depend on the server's time-zone database.
    public static func timestamp(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + vietnamOffset
        var days = seconds / secondsPerDay
        var secondOfDay = seconds % secondsPerDay
        if secondOfDay < 0 {
            secondOfDay += secondsPerDay
            days -= 1
        }
        let day = LocalDate(daysSinceEpoch: days)
        return "\(date(day)) \(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay % 3600 / 60))"
    }

    // MARK: Helpers

    private static let million: UInt = 1_000_000
    private static let billion: UInt = 1_000_000_000
    private static let vietnamOffset = 7 * 3600
    private static let secondsPerDay = 86_400
    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    private static func decimalSeparator(_ language: Language) -> String {
        language == .vi ? "," : "."
    }

    private static func grouped(_ magnitude: UInt, _ language: Language) -> String {
        var output: [UInt8] = []
        appendGrouped(magnitude, language, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `integer(value, in:)` as UTF-8 bytes, for writers that build bytes.
    static func appendInteger(_ value: Int, in language: Language, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        appendGrouped(value.magnitude, language, to: &output)
    }

    private static func appendGrouped(_ magnitude: UInt, _ language: Language, to output: inout [UInt8]) {
        let separator = UInt8(ascii: language == .vi ? "." : ",")
        // From the last digit (division by 10, a constant, costs a multiplication), then reversed.
        let start = output.count
        var rest = magnitude
        var digits = 0
        repeat {
            if digits > 0, digits % 3 == 0 { output.append(separator) }
            output.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
            digits += 1
        } while rest > 0
        output.withUnsafeMutableBufferPointer { $0[start...].reverse() }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    /// `magnitude / unit` in tenths, half up; cannot overflow since unit/20 is small.
    private static func roundedTenths(_ magnitude: UInt, of unit: UInt) -> UInt {
        (magnitude + unit / 20) / (unit / 10)
    }

    /// `value` × 10^digits rounded half away from zero. The shift is applied to the shortest
    /// decimal text of `value` ("1.005" → "1.005e2" = 100.5 exactly), not by multiplying the
    /// binary Double, which would round 1.005 down.
    private static func scaledRounded(_ value: Double, _ digits: Int) -> Int? {
        let parts = value.description.split(separator: "e")
        guard let exponent = parts.count == 2 ? Int(parts[1]) : 0,
              let shifted = Double("\(parts[0])e\(exponent + digits)") else { return nil }
        return Int(exactly: shifted.rounded(.toNearestOrAwayFromZero))
    }
}
