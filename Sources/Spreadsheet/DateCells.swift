import Foundation

/// Spreadsheet dates are day counts ("serials") from an epoch, with the time of day as the fraction.
struct DateSystem {
    /// The usual system counts 1900-01-01 as day 1 and, after Lotus 1-2-3, also counts a 29 February 1900
    /// that never was (day 60): counting from 1899-12-30 is right from 1 March 1900 (day 61) on, and the
    /// days before the false leap day are one later.
    static let system1900 = DateSystem(epoch: Date(timeIntervalSince1970: -2_209_161_600), skipsFictitiousLeapDay: true)
    /// Older Mac workbooks count from 1904-01-01 (workbookPr date1904).
    static let system1904 = DateSystem(epoch: Date(timeIntervalSince1970: -2_082_844_800), skipsFictitiousLeapDay: false)

    private let epoch: Date
    private let skipsFictitiousLeapDay: Bool
    private static let secondsPerDay = 86_400.0

    func date(fromSerial serial: Double) -> Date {
        let days = skipsFictitiousLeapDay && serial < 60 ? serial + 1 : serial
        // Serials are stored as binary fractions of a day: round to the millisecond they were meant to be.
        let seconds = (days * Self.secondsPerDay * 1000).rounded() / 1000
        return epoch.addingTimeInterval(seconds)
    }

    func serial(from date: Date) -> Double {
        let days = date.timeIntervalSince(epoch) / Self.secondsPerDay
        return skipsFictitiousLeapDay && days < 61 ? days - 1 : days
    }
}

/// Which number formats show a number as a date.
enum DateFormatDetector {
    /// Built-in formats 14–22: short date, the d-mmm-yy family, times and date with time.
    private static let builtInDateFormats = 14...22

    /// - Parameter code: the format code from styles.xml, nil for built-in formats without one.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        guard let code else { return builtInDateFormats.contains(id) }
        return containsDatePart(code)
    }

    /// True when the code has a day, month or year letter outside quoted text, escapes and [brackets]
    /// (which hold colours, conditions and locales such as [Red] or [$-42A]).
    private static func containsDatePart(_ code: String) -> Bool {
        var characters = code.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"": while let quoted = characters.next(), quoted != "\"" {}
            case "[": while let bracketed = characters.next(), bracketed != "]" {}
            // "\x" shows x, "_x" leaves x's width blank, "*x" fills with x: none of them is a code.
            case "\\", "_", "*": _ = characters.next()
            case "d", "D", "m", "M", "y", "Y": return true
            default: continue
            }
        }
        return false
    }
}
