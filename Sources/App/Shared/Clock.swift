import Domain
import Foundation

/// Today's date in Viet Nam (UTC+7, no daylight saving), which decides what "a future survey" is.
enum Clock {
    static var today: LocalDate {
        let seconds = Int(Date().timeIntervalSince1970) + 7 * 3600
        return LocalDate(daysSinceEpoch: seconds.floorDivided(by: 86_400))
    }
}

extension Int {
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension LocalDate {
    /// Midnight of this day in Viet Nam, as an instant.
    var startInVietnam: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch * 86_400 - 7 * 3600))
    }
}
