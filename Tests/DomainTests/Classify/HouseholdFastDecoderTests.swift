import Foundation
import Testing
@testable import Domain

@Suite("The fast household decoder")
struct HouseholdFastDecoderTests {
    typealias F = ClassifyFixtures

    /// Generated households, a few written by hand with escapes, spaces and nulls.
    static let samples: [String] = (0..<200).map { F.json(F.household($0)) } + [
        #"{ "code" : "H\u0041", "area":null, "needs":[ null , "other" ], "members" : [ ] , "income" : { } }"#,
        #"{"code":"H2","hamlet":"\u1ea4p B\u00ecnh L\u1ed9c \ud83d\ude00","members":[{"name":"A\"n\\","birthYear":1980}]}"#,
        #"{"code":"H3","housing":{"floorAreaM2":1.25e1,"durable":null},"indicators":{"water":false,"waste":true}}"#,
        "{\"code\":\"H4\",\r\n\t\"income\":{\"perCapitaMonthly\":-0,\"scoreA\":0},\"information\":{\"devices\":[]}}",
        #"{"code":"H5","surveyDate":"2024-02-29","members":[{"name":"B","birthDate":"2024-02-29","idNumber":"000000000"}]}"#,
    ]

    static func decodeBoth(_ bytes: [UInt8]) -> (fast: Result<HouseholdRecord, InvalidHousehold>, slow: Result<HouseholdRecord, InvalidHousehold>) {
        (HouseholdFastDecoder.decode(ArraySlice(bytes)), HouseholdJSON.decode(bytes: bytes))
    }

    @Test("gives what HouseholdJSON gives for valid households")
    func samplesAgree() {
        for sample in Self.samples {
            let (fast, slow) = Self.decodeBoth(Array(sample.utf8))
            #expect(fast == slow, "\(sample)")
            if case .failure = slow { Issue.record("sample invalid: \(sample)") }
        }
    }

    @Test("reads a floor area to the double Double(text) gives, bit for bit, on the fast path or not")
    func decimals() {
        var random = F.Random(state: 7)
        var texts = ["0", "-0", "0.0", "-0.0", "24.5", "0.1", "0.3", "9.95", "1.000000000000001", "123456789012345",
                     "1234567890123456", "0.000000000000001", "999999999999999", "99999999999999.9", "-12.25",
                     "1e2", "1.5E-3", "4.35", "8.675309", "0.0000000000000001", "17976931348623157.0"]
        for _ in 0..<2_000 {
            // Up to 16 digits, the point anywhere: past 15 the exact path takes over.
            let digits = String((0..<random.int(1...16)).map { _ in Character(String(random.int(0...9))) })
            let point = random.int(0...digits.count - 1)
            let integer = String(Int(digits.prefix(point + 1))!), fraction = digits.dropFirst(point + 1)
            texts.append(fraction.isEmpty ? integer : "\(integer).\(fraction)")
        }
        for text in texts {
            let json = #"{"code":"H","housing":{"floorAreaM2":\#(text)}}"#
            let area = HouseholdFastDecoder.decodeWellFormed(ArraySlice(json.utf8))?.housing?.floorAreaM2
            #expect(area?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test("gives what HouseholdJSON gives, success or the same issues, for mutated households")
    func fuzz() {
        var random = F.Random(state: 20_241_005)
        var disagreements: [String] = []
        var total = 0, fastPath = 0, fastPathRefused = 0, classifyingFastPath = 0
        for sample in Self.samples {
            for _ in 0..<40 {
                var bytes = Array(sample.utf8)
                for _ in 0..<random.int(1...2) { Self.mutate(&bytes, &random) }
                let (fast, slow) = Self.decodeBoth(bytes)
                total += 1
                if HouseholdFastDecoder.decodeWellFormed(ArraySlice(bytes)) != nil {
                    fastPath += 1
                    if case .failure = fast { fastPathRefused += 1 }
                }
                if fast != slow, disagreements.count < 5 {
                    disagreements.append("\(String(decoding: bytes, as: UTF8.self))\nfast: \(fast)\nslow: \(slow)")
                }
                if let classifying = Self.acceptedForClassifying(bytes) {
                    classifyingFastPath += 1
                    if (try? slow.get()).map(Self.withoutUnreadText) != classifying, disagreements.count < 5 {
                        disagreements.append("\(String(decoding: bytes, as: UTF8.self))\nfor classifying: \(classifying)\nslow: \(slow)")
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n\n"))")
        // The mutations must reach the fast path, not only the exact one, and some of what it
        // reads must break the value rules.
        #expect(fastPath > total / 10)
        #expect(classifyingFastPath > total / 10)
        #expect(fastPathRefused > 0)
    }

    /// What `classify` takes from the fast path: the household when it is read and accepted.
    static func acceptedForClassifying(_ bytes: [UInt8]) -> HouseholdRecord? {
        guard let record = HouseholdFastDecoder.decodeForClassifying(ArraySlice(bytes)),
              HouseholdValidator.validate(record, namesChecked: true).isEmpty else { return nil }
        return record
    }

    /// The household without the text that classifying leaves out.
    static func withoutUnreadText(_ record: HouseholdRecord) -> HouseholdRecord {
        var record = record
        (record.communeCode, record.hamlet, record.address) = (nil, nil, nil)
        for position in record.members.indices {
            record.members[position].name = ""
            (record.members[position].idNumber, record.members[position].ethnicity, record.members[position].religion) = (nil, nil, nil)
        }
        return record
    }

    @Test("for classifying, valid households decode without the text classifying does not read")
    func classifyingSamples() throws {
        var compared = 0
        // Escaped text is for the exact path.
        for sample in Self.samples where !sample.contains("\\") {
            let bytes = Array(sample.utf8)
            #expect(Self.acceptedForClassifying(bytes) == Self.withoutUnreadText(try HouseholdJSON.decode(bytes: bytes).get()), "\(sample)")
            compared += 1
        }
        #expect(compared > 150)
    }

    /// One deterministic change: delete, insert or duplicate bytes; replace a value; add an
    /// unknown or repeated key; escape a letter; truncate.
    static func mutate(_ bytes: inout [UInt8], _ random: inout F.Random) {
        guard !bytes.isEmpty else { return }
        let position = random.int(0...bytes.count - 1)
        func insert(_ text: String, at index: Int) { bytes.insert(contentsOf: Array(text.utf8), at: index) }
        func positions(of byte: UInt8) -> [Int] { bytes.indices.filter { bytes[$0] == byte } }
        switch random.int(0...10) {
        case 0:
            bytes.removeSubrange(position..<min(bytes.count, position + random.int(1...3)))
        case 1:
            let candidates: [UInt8] = Array("{}[],:\"\\ \n\t01-.eantfu".utf8) + [0x00, 0x80, 0xC3, 0xE1, 0xFF]
            bytes.insert(random.pick(candidates), at: position)
        case 2:
            let span = Array(bytes[position..<min(bytes.count, position + random.int(1...20))])
            bytes.insert(contentsOf: span, at: random.int(0...bytes.count))
        case 3, 4:
            // Replace the value after a colon, up to the next delimiter, with another.
            let colons = positions(of: UInt8(ascii: ":"))
            guard let colon = colons.isEmpty ? nil : random.pick(colons) else { return }
            var end = colon + 1
            while end < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[end]) { end += 1 }
            let values = [
                "\"x\"", "1", "-1", "1.5", "1e2", "true", "false", "null", "[]", "{}", "\"2024-02-30\"", "\"2024-10-05\"",
                "\"rural\"", "\"Rural\"", "0", "-0", "01", "12345678901234567890", "[null]", "[\"tv\",null]", "\"\"",
                "\"  \"", "\"12345678\"", "\"012345678\"", "\"Khơ-me\"", "\"kinh\"", "-2.5", "\"2030-01-01\"", "1900",
            ]
            bytes.replaceSubrange((colon + 1)..<end, with: Array(random.pick(values).utf8))
        case 5:
            let braces = positions(of: UInt8(ascii: "{"))
            insert(random.pick(["\"extra\":1,", "\"code\":\"X\",", "\"name\":\"B\",", "\"area\":\"urban\","]), at: random.pick(braces) + 1)
        case 6:
            // Spaces between tokens (or, inside a string, in the text).
            let marks = positions(of: UInt8(ascii: ",")) + positions(of: UInt8(ascii: ":"))
            insert(random.pick([" ", "\r\n", "\t ", "\n"]), at: random.pick(marks) + 1)
        case 7:
            // A letter as a \u escape: the same text inside a string, broken JSON outside one.
            let letters = bytes.indices.filter { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[$0]) }
            guard let index = letters.isEmpty ? nil : random.pick(letters) else { return }
            let hex = String(bytes[index], radix: 16)
            bytes.replaceSubrange(index...index, with: Array("\\u00\(hex)".utf8))
        case 8:
            bytes.removeSubrange(position...)
        case 9:
            let digits = bytes.indices.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }
            guard let index = digits.isEmpty ? nil : random.pick(digits) else { return }
            bytes[index] = UInt8(ascii: "0") + UInt8(random.int(0...9))
        default:
            // Drop a key and its value.
            let quotes = positions(of: UInt8(ascii: ",")).filter { $0 + 1 < bytes.count && bytes[$0 + 1] == UInt8(ascii: "\"") }
            guard let comma = quotes.isEmpty ? nil : random.pick(quotes) else { return }
            var end = comma + 1
            var depth = 0
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { if depth == 0 { break }; depth -= 1 }
                if byte == UInt8(ascii: ","), depth == 0 { break }
                end += 1
            }
            bytes.removeSubrange(comma..<end)
        }
    }

    // MARK: Foundation

    /// The interchange format as plain Codable structs, decoded by `JSONDecoder`.
    struct Mirror: Decodable {
        struct Income: Decodable { var perCapitaMonthly: Int?; var scoreA: Int? }
        struct Housing: Decodable {
            var durable: Bool?; var floorAreaM2: Double?; var hygienicWater: Bool?; var hygienicLatrine: Bool?
            var wasteCollected: Bool?
        }
        struct Information: Decodable { var devices: [Device]?; var hearsLoudspeaker: Bool? }
        struct Member: Decodable {
            var name: String; var sex: Sex?; var birthDate: String?; var birthYear: Int?; var relation: Relation?
            var idNumber: String?; var ethnicity: String?; var religion: String?; var employment: Employment?
            var ableToWork: Bool?; var disability: Disability?; var monthlyAllowance: Bool?; var healthInsurance: Bool?
            var malnourished: Bool?; var education: Education?; var studying: Bool?; var schoolOnTrack: Bool?
            var usesInternet: Bool?
        }
        var code: String; var communeCode: String?; var area: Area?; var hamlet: String?; var address: String?
        var surveyDate: String?; var income: Income?; var indicators: [String: Bool]?; var housing: Housing?
        var information: Information?; var needs: [Need?]?; var members: [Member]?
    }

    @Test("valid households decode to the facts Foundation's JSONDecoder sees")
    func matchesFoundation() throws {
        let decoder = JSONDecoder()
        for sample in Self.samples {
            guard case let .success(record) = HouseholdFastDecoder.decode(ArraySlice(Array(sample.utf8))) else {
                Issue.record("refused \(sample)"); continue
            }
            let mirror = try decoder.decode(Mirror.self, from: Data(sample.utf8))
            #expect(record.code == mirror.code)
            #expect(record.communeCode == mirror.communeCode && record.area == mirror.area)
            #expect(record.hamlet == mirror.hamlet && record.address == mirror.address)
            #expect(record.surveyDate?.iso == mirror.surveyDate)
            #expect(record.income?.perCapitaMonthly == mirror.income?.perCapitaMonthly)
            #expect(record.income?.scoreA == mirror.income?.scoreA)
            #expect(Dictionary(uniqueKeysWithValues: record.indicators.map { ($0.key.rawValue, $0.value) }) == (mirror.indicators ?? [:]))
            #expect(record.housing?.floorAreaM2 == mirror.housing?.floorAreaM2)
            #expect(record.housing?.durable == mirror.housing?.durable)
            #expect(record.housing?.hygienicLatrine == mirror.housing?.hygienicLatrine)
            #expect(record.information?.devices == mirror.information?.devices)
            #expect(record.needs == mirror.needs?.compactMap { $0 })
            let members = mirror.members ?? []
            #expect(record.members.count == members.count)
            for (member, other) in zip(record.members, members) {
                #expect(member.name == other.name && member.idNumber == other.idNumber && member.ethnicity == other.ethnicity)
                #expect(member.birthDate?.iso == other.birthDate && member.birthYear == other.birthYear)
                #expect(member.sex == other.sex && member.employment == other.employment && member.education == other.education)
                #expect(member.disability == other.disability && member.healthInsurance == other.healthInsurance)
                #expect(member.schoolOnTrack == other.schoolOnTrack && member.usesInternet == other.usesInternet)
            }
        }
    }
}
