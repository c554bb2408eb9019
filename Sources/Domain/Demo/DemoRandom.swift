/// `SplitMix64` with the few draws the demo generator needs. Our own range mapping, because the
/// standard library does not promise that `random(in:using:)` maps bits to values the same way in
/// every Swift version — and the demo data must be the same on every machine and every run.
struct DemoRandom {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 {
        generator.next()
    }

    /// Uniform in `range` by multiply-shift; the bias (below 2⁻³² for these small ranges) is harmless.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// True with probability `percent` / 100.
    mutating func percent(_ percent: Int) -> Bool {
        int(0...99) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...items.count - 1)]
    }

    /// One item, each as likely as its weight.
    mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        var roll = int(0...items.reduce(0) { $0 + $1.1 } - 1)
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }

    /// `count` distinct items in their original order.
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var chosen = Set<Int>()
        while chosen.count < min(count, items.count) {
            chosen.insert(int(0...items.count - 1))
        }
        return items.indices.filter(chosen.contains).map { items[$0] }
    }

    /// A day from `first` through `last`.
    mutating func date(_ first: LocalDate, _ last: LocalDate) -> LocalDate {
        LocalDate(daysSinceEpoch: int(first.daysSinceEpoch...last.daysSinceEpoch))
    }
}

extension LocalDate {
    /// For dates written in the demo tables, which are valid by construction.
    static func demo(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: day)!
    }
}
