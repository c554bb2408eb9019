import Domain
import Testing

@Suite("Pairing a new list's members with the registered ones")
struct MemberPairingTests {
    static let registered = [
        MemberPairing.Known(name: "Nguyễn Văn An", idNumber: "095070001111", birthYear: 1970),
        MemberPairing.Known(name: "Trần Thị Bé", idNumber: nil, birthYear: 1975),
        MemberPairing.Known(name: "Nguyễn Văn Cường", idNumber: nil, birthYear: nil),
        MemberPairing.Known(name: "Nguyễn Văn Cường", idNumber: nil, birthYear: 2001),
    ]

    @Test("the same ID number pairs whatever the name; without one, the name (case and marks aside) and the birth year when both are known")
    func rules() {
        let pairing = MemberPairing.pair([
            MemberRecord(name: "Nguyen Van An Đổi Tên", birthYear: 1969, idNumber: "095070001111"),
            MemberRecord(name: "TRẦN THỊ BÉ", birthYear: 1975),
            MemberRecord(name: "Nguyễn Văn Cường", birthYear: 2003),
        ], with: Self.registered)
        #expect(pairing.partners == [0, 1, 2], "a year unknown on the registry still pairs")
        #expect(pairing.unpaired == [3])
    }

    @Test("different ID numbers never pair, even with the same name; a different birth year does not pair")
    func mismatches() {
        let pairing = MemberPairing.pair([
            MemberRecord(name: "Nguyễn Văn An", birthYear: 1970, idNumber: "095070009999"),
            MemberRecord(name: "Trần Thị Bé", birthYear: 1980),
        ], with: Self.registered)
        #expect(pairing.partners == [nil, nil])
        #expect(pairing.unpaired == [0, 1, 2, 3], "the members left over, in their order")
    }

    @Test("each registered member is taken once, by the first person of the list who matches")
    func takenOnce() {
        let twins = [MemberRecord(name: "Nguyễn Văn Cường", birthYear: 2001), MemberRecord(name: "Nguyễn Văn Cường", birthYear: 2001),
                     MemberRecord(name: "Nguyễn Văn Cường", birthYear: 2001)]
        let pairing = MemberPairing.pair(twins, with: Self.registered)
        #expect(pairing.partners == [2, 3, nil])
        #expect(pairing.unpaired == [0, 1])
        #expect(MemberPairing.pair([], with: Self.registered).unpaired == [0, 1, 2, 3])
        #expect(MemberPairing.pair(twins, with: []).partners == [nil, nil, nil])
    }
}
