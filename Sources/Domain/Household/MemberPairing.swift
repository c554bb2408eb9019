/// Which of a household's present members each person of a new list of it is (a PUT, an
/// import's update): the same citizen-ID number when both have one, else the same name (case
/// and marks aside) and birth year when both years are known. Each present member is taken
/// once, by the first person of the list who matches; those left over have left the household.
public enum MemberPairing {
    /// What the registry keeps of a present member that recognises them.
    public struct Known: Sendable {
        public let name: String
        public let idNumber: String?
        public let birthYear: Int?

        public init(name: String, idNumber: String?, birthYear: Int?) {
            self.name = name
            self.idNumber = idNumber
            self.birthYear = birthYear
        }
    }

    public struct Pairing: Equatable, Sendable {
        /// For each person of the list, the index of the present member they are; nil: someone new.
        public var partners: [Int?]
        /// Indexes of the present members nobody on the list is, in their order.
        public var unpaired: [Int]
    }

    public static func pair(_ records: [MemberRecord], with present: [Known]) -> Pairing {
        let foldedNames = present.map { VietnameseText.fold($0.name) }
        var taken = Array(repeating: false, count: present.count)
        let partners = records.map { record -> Int? in
            let recordName = VietnameseText.fold(record.name)
            let partner = present.indices.first { index in
                !taken[index] && isSamePerson(present[index], foldedName: foldedNames[index], record, foldedRecordName: recordName)
            }
            if let partner { taken[partner] = true }
            return partner
        }
        return Pairing(partners: partners, unpaired: present.indices.filter { !taken[$0] })
    }

    private static func isSamePerson(_ known: Known, foldedName: String, _ record: MemberRecord, foldedRecordName: String) -> Bool {
        if let number = record.idNumber, let knownNumber = known.idNumber { return number == knownNumber }
        let year = record.birthDate?.year ?? record.birthYear
        return foldedName == foldedRecordName && (year == nil || known.birthYear == nil || year == known.birthYear)
    }
}
