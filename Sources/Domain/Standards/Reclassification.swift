/// What classifying every household's latest survey under another standard would change:
/// computed before anything is stored, so that a person can review it and confirm.
public enum Reclassification {
    public struct Input: Sendable {
        public var code: String
        public var communeCode: String
        public var current: ComputedStatus?
        public var record: HouseholdRecord
        public var area: Area

        public init(code: String, communeCode: String, current: ComputedStatus?, record: HouseholdRecord, area: Area) {
            self.code = code
            self.communeCode = communeCode
            self.current = current
            self.record = record
            self.area = area
        }
    }

    public struct Change: Equatable, Sendable {
        public var code: String
        public var communeCode: String
        public var from: ComputedStatus?
        public var to: ComputedStatus
        public var classification: Classification
    }

    public struct Count<Key: Hashable & Sendable>: Equatable, Sendable {
        public var key: Key
        public var count: Int
    }

    public struct Transition: Hashable, Sendable {
        public var from: ComputedStatus?
        public var to: ComputedStatus
    }

    public struct Preview: Sendable {
        public var standardID: String
        /// Households classified (every one with a latest survey).
        public var total: Int
        /// Every household whose status would change, by code.
        public var changes: [Change]
        /// Every household's new classification, by code (stored on confirmation).
        public var results: [String: Classification]
        public var byCommune: [Count<String>]
        public var byTransition: [Count<Transition>]
        /// Identifies exactly this set of changes: a confirmation is refused when the data
        /// changed between the preview a person read and the moment they confirmed.
        public var fingerprint: String
    }

    public static func preview(_ inputs: some Sequence<Input>, standard: PovertyStandard) -> Preview {
        var changes: [Change] = []
        var results: [String: Classification] = [:]
        var total = 0
        for input in inputs {
            total += 1
            let classification = Classifier.classify(input.record, standard: standard, area: input.area)
            results[input.code] = classification
            if classification.status != input.current {
                changes.append(Change(code: input.code, communeCode: input.communeCode, from: input.current, to: classification.status, classification: classification))
            }
        }
        changes.sort { $0.code < $1.code }
        return Preview(
            standardID: standard.id, total: total, changes: changes, results: results,
            byCommune: counts(changes.map(\.communeCode)).sorted { ($0.count, $1.key) > ($1.count, $0.key) },
            byTransition: counts(changes.map { Transition(from: $0.from, to: $0.to) })
                .sorted { ($0.count, order($1.key)) > ($1.count, order($0.key)) },
            fingerprint: fingerprint(standardID: standard.id, total: total, changes: changes))
    }

    private static func counts<Key: Hashable>(_ keys: [Key]) -> [Count<Key>] {
        var tally: [Key: Int] = [:]
        for key in keys { tally[key, default: 0] += 1 }
        return tally.map { Count(key: $0.key, count: $0.value) }
    }

    private static func order(_ transition: Transition) -> String {
        "\(transition.from?.rawValue ?? "")>\(transition.to.rawValue)"
    }

    /// FNV-1a over the standard, the total and each change: stable across runs and machines.
    static func fingerprint(standardID: String, total: Int, changes: [Change]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        add("\(standardID)|\(total)|")
        for change in changes { add("\(change.code):\(change.from?.rawValue ?? "-")>\(change.to.rawValue);") }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
