import Testing
@testable import Domain

@Suite("Household interchange JSON")
struct HouseholdJSONTests {
    static let example = """
    {"code":"BL-HD-0001","communeCode":"31234","area":"rural","hamlet":"Ấp Bình Lộc","address":"Ấp Bình Lộc, xã Ninh Quới",
     "surveyDate":"2024-10-05","income":{"perCapitaMonthly":1250000,"scoreA":128},
     "indicators":{"healthInsurance":true,"latrine":true},
     "housing":{"durable":false,"floorAreaM2":24.5,"hygienicWater":true,"hygienicLatrine":false,"wasteCollected":true},
     "information":{"devices":["tv","smartphone"],"hearsLoudspeaker":true},
     "needs":["capital","livestock","vocationalTraining"],
     "members":[{"name":"Nguyễn Văn An","sex":"male","birthDate":"1979-03-14","relation":"head","idNumber":"095079001234",
       "ethnicity":"Kinh","religion":"none","employment":"noContract","ableToWork":true,"disability":"none",
       "monthlyAllowance":false,"healthInsurance":false,"malnourished":false,"education":"lowerSecondary",
       "studying":false,"schoolOnTrack":null,"usesInternet":true}]}
    """

    @Test("the example of household-format.md decodes and round-trips")
    func roundTrip() throws {
        let record = try HouseholdJSON.decode(bytes: Array(Self.example.utf8)).get()
        #expect(record.code == "BL-HD-0001")
        #expect(record.income == .init(perCapitaMonthly: 1_250_000, scoreA: 128))
        #expect(record.indicators == [.healthInsurance: true, .latrine: true])
        #expect(record.housing?.floorAreaM2 == 24.5)
        #expect(record.information?.devices == [.tv, .smartphone])
        #expect(record.members.first?.education == .lowerSecondary)
        #expect(record.members.first?.schoolOnTrack == nil)
        let again = try HouseholdJSON.decode(bytes: Array(HouseholdJSON.encode(record).serialized.utf8)).get()
        #expect(again == record)
    }

    @Test("written straight as text, a household is its tree printed: every demo survey, empty parts, escapes")
    func textEqualsPrintedTree() throws {
        var records = DemoDataset.make().households.flatMap(\.surveys)
        var odd = try HouseholdJSON.decode(bytes: Array(Self.example.utf8)).get()
        odd.income = .init(perCapitaMonthly: nil, scoreA: nil)
        odd.address = "Số \"1\"\\2\t\u{1}đầu"
        odd.information = .init(devices: [], hearsLoudspeaker: nil)
        odd.members = []
        records.append(odd)
        #expect(records.count > 100)
        for record in records {
            let text = HouseholdJSON.serialized(record)
            #expect(text == HouseholdJSON.encode(record).serialized)
            #expect(try JSONParser.parse(Array(text.utf8)) == HouseholdJSON.encode(record))
        }
        #expect(HouseholdJSON.serialized(odd).contains(#""income":{},"#))
    }

    func issues(_ json: String, today: LocalDate? = nil) -> [FieldIssue] {
        switch HouseholdJSON.decode(bytes: Array(json.utf8), today: today) {
        case .success: return []
        case let .failure(error): return error.issues
        }
    }

    @Test("every problem names the household code and the field", arguments: [
        (#"{"code":"H1","extra":1}"#, "extra", FieldIssue.Problem.unknownKey),
        (#"{"code":"H1","area":"city"}"#, "area", .notInList(allowed: ["rural", "urban"])),
        (#"{"code":"H1","income":{"perCapitaMonthly":1.5}}"#, "income.perCapitaMonthly", .notAnInteger),
        (#"{"code":"H1","income":{"scoreA":"high"}}"#, "income.scoreA", .wrongType(expected: "integer")),
        (#"{"code":"H1","housing":{"floorAreaM2":-1}}"#, "housing.floorAreaM2", .negative),
        (#"{"code":"H1","surveyDate":"2024-02-30"}"#, "surveyDate", .invalidDate),
        (#"{"code":"H1","indicators":{"happiness":true}}"#, "indicators.happiness", .unknownKey),
        (#"{"code":"H1","information":{"devices":["tv","fax"]}}"#, "information.devices[1]", .notInList(allowed: Device.allCases.map(\.rawValue))),
        (#"{"code":"H1","members":[{"name":"A","idNumber":"12345678901"}]}"#, "members[0].idNumber", .idNumberDigits),
        (#"{"code":"H1","members":[{"name":"A","ethnicity":"Martian"}]}"#, "members[0].ethnicity", .unknownEthnicity),
        (#"{"code":"H1","members":[{"sex":"male"}]}"#, "members[0].name", .required),
        (#"{"code":"H1","surveyDate":"2024-01-01","members":[{"name":"A","birthDate":"2024-01-02"}]}"#, "members[0].birthDate", .birthAfterSurvey),
        (#"{"code":"H1","surveyDate":"2024-01-01","members":[{"name":"A","birthYear":2025}]}"#, "members[0].birthYear", .birthAfterSurvey),
        (#"{"code":"H1","members":{"name":"A"}}"#, "members", .wrongType(expected: "array")),
    ])
    func problems(json: String, field: String, problem: FieldIssue.Problem) {
        let found = issues(json)
        #expect(found.contains(FieldIssue(householdCode: "H1", field: field, problem: problem)), "\(found)")
    }

    @Test("a missing code, a syntax error and a future survey are reported")
    func otherProblems() {
        #expect(issues(#"{"area":"rural"}"#).contains { $0.field == "code" && $0.problem == .required })
        #expect(issues(#"{"code":"H1","#).first.map { if case .syntax = $0.problem { true } else { false } } == true)
        #expect(issues(#"{"code":"H1","code":"H2"}"#).first.map { if case .syntax = $0.problem { true } else { false } } == true)
        let today = LocalDate(year: 2026, month: 11, day: 26)!
        #expect(issues(#"{"code":"H1","surveyDate":"2026-11-27"}"#, today: today).contains { $0.problem == .surveyInFuture })
        #expect(issues(#"{"code":"H1","surveyDate":"2026-11-26"}"#, today: today).isEmpty)
    }

    @Test("ID numbers keep their leading zeros and accept 9 or 12 digits only")
    func idNumbers() {
        #expect(issues(#"{"code":"H1","members":[{"name":"A","idNumber":"001234567"}]}"#).isEmpty)
        #expect(issues(#"{"code":"H1","members":[{"name":"A","idNumber":"000000000012"}]}"#).isEmpty)
        #expect(!issues(#"{"code":"H1","members":[{"name":"A","idNumber":"09507900123a"}]}"#).isEmpty)
    }

    @Test("ethnic groups are matched whatever the spelling, and there are 54 of them")
    func ethnicGroups() {
        #expect(EthnicGroups.names.count == 54)
        #expect(Set(EthnicGroups.names).count == 54)
        #expect(EthnicGroups.canonical("khmer") == "Khmer")
        #expect(EthnicGroups.canonical("Khơ-me") == "Khmer")
        #expect(EthnicGroups.canonical("H'Mông") == "Mông")
        #expect(EthnicGroups.canonical("e de") == "Ê Đê")
        #expect(EthnicGroups.canonical("Viking") == nil)
    }

    @Test("the JSON parser refuses what RFC 8259 refuses", arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"\\x\"", "\"\u{01}\"", "tru", "{\"a\" 1}", "[1] 2", "\"\\ud800\"",
    ])
    func parserRefuses(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test("the JSON parser reads escapes, surrogate pairs and a byte-order mark")
    func parserReads() throws {
        #expect(try JSONParser.parse("\"a\\u00e9\\ud83d\\ude00\\n\"") == .string("aé😀\n"))
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1,-2.5e3,true,null]".utf8)) == .array([.number("1"), .number("-2.5e3"), .bool(true), .null]))
        #expect(JSONValue.string("a\"\\\u{01}").serialized == "\"a\\\"\\\\\\u0001\"")
    }

    @Test("keys in any order decode alike, and unknown ones are found wherever they stand")
    func keyOrder() throws {
        func reversed(_ value: JSONValue) -> JSONValue {
            switch value {
            case let .object(pairs): return .object(pairs.reversed().map { ($0.key, reversed($0.value)) })
            case let .array(items): return .array(items.map(reversed))
            default: return value
            }
        }
        let json = try JSONParser.parse(Self.example)
        #expect(try HouseholdJSON.decode(reversed(json)).get() == HouseholdJSON.decode(json).get())
        let unknown = #"{"zz":1,"code":"H1","members":[{"name":"A","yy":2,"sex":"male","xx":3}],"ww":4}"#
        #expect(Set(issues(unknown).map(\.field)) == ["zz", "ww", "members[0].yy", "members[0].xx"])
    }
}
