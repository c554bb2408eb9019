/// Numbers for machines — SVG coordinates, CSV cells — with a dot, no grouping and no locale, so
/// that output is the same on every server and in every language: 12.5, 0.291667, 100, -3.
enum PlainNumber {
    /// Rounded half away from zero to at most `maxFractionDigits` (0…9), trailing zeros dropped.
    /// Values that do not fit an Int once scaled, and non-finite ones, fall back to `description`.
    static func decimal(_ value: Double, maxFractionDigits: Int) -> String {
        let digits = min(max(maxFractionDigits, 0), 9)
        let unit = (0..<digits).reduce(1) { power, _ in power * 10 }
        guard let scaled = Int(exactly: (value * Double(unit)).rounded(.toNearestOrAwayFromZero)) else {
            return value.description
        }
        var text = (scaled < 0 ? "-" : "") + String(scaled.magnitude / UInt(unit))
        let fraction = scaled.magnitude % UInt(unit)
        if fraction != 0 {
            var fractionText = String(repeating: "0", count: digits - String(fraction).count) + String(fraction)
            while fractionText.last == "0" { fractionText.removeLast() }
            text += "." + fractionText
        }
        return text
    }

    /// The shortest text that reads back as `value`: whole numbers without a fraction
    /// ("1250000"), others as Swift writes them ("24.5").
    static func shortest(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
