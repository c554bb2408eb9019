import Foundation

/// Repeated failed logins for one username slow down, then lock the account for a while: a
/// guessing attack gets a handful of tries an hour, a person who mistypes waits seconds.
public struct LoginThrottle: Sendable, Equatable {
    /// Failures allowed without any wait.
    public var freeFailures = 3
    /// The wait after the first failure beyond the free ones; it doubles with each further failure.
    public var firstDelay: TimeInterval = 5
    /// From this many consecutive failures the account is locked for `lockDuration`.
    public var lockAfter = 8
    public var lockDuration: TimeInterval = 15 * 60

    public init() {}

    /// When the next attempt is allowed after `failures` consecutive failures, the last at `lastFailure`.
    public func nextAttemptAllowed(failures: Int, lastFailure: Date) -> Date {
        if failures >= lockAfter { return lastFailure.addingTimeInterval(lockDuration) }
        guard failures > freeFailures else { return lastFailure }
        let doublings = failures - freeFailures - 1
        return lastFailure.addingTimeInterval(firstDelay * Double(1 << doublings))
    }

    public func isLocked(failures: Int) -> Bool { failures >= lockAfter }
}
