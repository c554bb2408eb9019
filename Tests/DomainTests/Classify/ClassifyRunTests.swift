import Foundation
import Testing
@testable import Domain

@Suite("classify: reading, classifying and writing households")
struct ClassifyRunTests {
    typealias F = ClassifyFixtures

    static let households = (0..<150).map(F.household)

    /// The lines `ClassificationJSON.encode` gives one by one: what a run must write.
    static func expected(in language: Language) -> String {
        let catalog = StandardCatalog.builtIn
        return households.map { household in
            let standard = catalog.standard(forSurveyOn: household.surveyDate!)!
            let classification = Classifier.classify(household, standard: standard, area: household.area!)
            return ClassificationJSON.encode(classification, code: household.code, language: language) + "\n"
        }.joined()
    }

    static let expected = expected(in: .vi)

    @Test("JSON Lines and a JSON array give the same lines, those of ClassificationJSON, in input order, on any number of threads",
          arguments: 0..<F.layouts.count)
    func formats(layout: Int) {
        let lines = F.classifyFile(F.jsonLines(Self.households), layout: F.layouts[layout])
        let array = F.classifyFile(F.array(Self.households), layout: F.layouts[layout])
        #expect(lines.error == nil && array.error == nil)
        #expect(lines.output == Self.expected)
        #expect(array.output == Self.expected)
        #expect(F.classifyStream(F.array(Self.households), layout: F.layouts[layout]).output == Self.expected)
    }

    @Test("explanations in English are those of Reason.text(in: .en)")
    func english() throws {
        var run = ClassifyRun(catalog: .builtIn)
        run.language = .en
        var output: [UInt8] = []
        _ = try run.run(.stream(F.source(F.jsonLines(Self.households)))) { output += $0 }
        #expect(String(decoding: output, as: UTF8.self) == Self.expected(in: .en))
    }

    @Test("chunk boundaries anywhere give the same output", arguments: [false, true])
    func chunks(array: Bool) {
        let bytes = array ? F.array(Self.households) : F.jsonLines(Self.households)
        #expect(F.classifyFile(bytes, chunk: 1).output == Self.expected)
        for seed in 0..<3 as Range<UInt64> {
            #expect(F.classifyStream(bytes, source: F.unevenSource(bytes, seed: seed)).output == Self.expected)
        }
    }

    @Test("a byte-order mark, CRLF line ends, blank lines and spaces are accepted")
    func layout() {
        let text = F.jsonLines(Array(Self.households.prefix(3)))
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\r\n  \n".utf8)
        for byte in text {
            if byte == 0x0A { bytes += Array("  \r\n\r\n".utf8) } else { bytes.append(byte) }
        }
        let expected = Self.expected.split(separator: "\n").prefix(3).map { $0 + "\n" }.joined()
        #expect(F.classifyFile(bytes).output == expected)
        #expect(F.classifyFile(Array("[]".utf8)).output.isEmpty)
        #expect(F.classifyFile(Array(" \n\n".utf8)).error == nil)
    }

    @Test("the example of household-format.md")
    func documentedExample() throws {
        let example = """
        [{
          "code": "BL-HD-0001", "communeCode": "31234", "area": "rural", "hamlet": "Ấp Bình Lộc",
          "address": "Ấp Bình Lộc, xã Ninh Quới", "surveyDate": "2024-10-05",
          "income": { "perCapitaMonthly": 1250000, "scoreA": 128 },
          "indicators": { "healthInsurance": true, "latrine": true },
          "housing": {
            "durable": false, "floorAreaM2": 24.5, "hygienicWater": true,
            "hygienicLatrine": false, "wasteCollected": true
          },
          "information": { "devices": ["tv", "smartphone"], "hearsLoudspeaker": true },
          "needs": ["capital", "livestock", "vocationalTraining"],
          "members": [
            {
              "name": "Nguyễn Văn An", "sex": "male", "birthDate": "1979-03-14",
              "relation": "head", "idNumber": "095079001234",
              "ethnicity": "Kinh", "religion": "none",
              "employment": "noContract", "ableToWork": true, "disability": "none",
              "monthlyAllowance": false, "healthInsurance": false, "malnourished": false,
              "education": "lowerSecondary", "studying": false, "schoolOnTrack": null,
              "usesInternet": true
            }
          ]
        }]
        """
        let run = F.classifyFile(Array(example.utf8))
        #expect(run.error == nil)
        let line = try JSONParser.parse(run.output.split(separator: "\n").first.map(String.init) ?? "")
        // A periodic-review date of 2024: the standard in force on 1 January 2025. 128 points
        // are at or below the rural line of 140.
        #expect(line["code"] == .string("BL-HD-0001"))
        #expect(line["standard"] == .string("nd-07-2021"))
        #expect(line["area"] == .string("rural"))
        #expect(line["status"] == .string("poor"))
        #expect(line["incomeBasis"] == .string("scoreA"))
        #expect(line["incomeLine"] == .number("140"))
        #expect(line["missing"] == .array([]))
        // Beside the three deprivations of the document's example output, the head of working
        // age without a labour contract ("noContract") deprives the household in employment:
        // four indicators, 40 points.
        #expect(line["deprived"] == .array(["employment", "healthInsurance", "housingQuality", "latrine"].map(JSONValue.string)))
        #expect(line["deprivationScore"] == .number("40"))
        guard case let .array(sentences)? = line["explanation"] else { Issue.record("no explanation"); return }
        #expect(sentences.first == .string("Điểm thu nhập (điểm A, phiếu B1) 128 ≤ chuẩn nghèo nông thôn 140 điểm (Nghị định 07/2021/NĐ-CP)."))
        #expect(sentences.last == .string("Kết luận: hộ nghèo theo Nghị định 07/2021/NĐ-CP."))
    }

    @Test("keys come in the documented order; missing is empty and income null when unknown")
    func keyOrder() throws {
        let keys = ["code", "standard", "area", "status", "incomeBasis", "incomeLine", "deprived",
                    "deprivationScore", "missing", "explanation"]
        var sawUnknownIncome = false
        for line in Self.expected.split(separator: "\n") {
            guard case let .object(pairs) = try JSONParser.parse(String(line)) else { Issue.record("not an object"); return }
            #expect(pairs.map(\.key) == keys)
            let value = JSONValue.object(pairs)
            if value["status"] != .string("incomplete") { #expect(value["missing"] == .array([])) }
            if value["incomeBasis"] == .null {
                sawUnknownIncome = true
                #expect(value["incomeLine"] == .null)
                #expect(value["status"] == .string("incomplete"))
            }
        }
        #expect(sawUnknownIncome)
    }

    // MARK: Invalid input

    static let valid = #"{"code":"H3","area":"rural","surveyDate":"2024-10-05","income":{"scoreA":120},"housing":{"durable":true,"floorAreaM2":40},"members":[{"name":"An","birthDate":"1980-01-01","idNumber":"012345678901"}]}"#

    /// Five households; the third is `third`.
    static func file(third: String) -> [UInt8] {
        let others = (1...5).map { valid.replacingOccurrences(of: "\"H3\"", with: "\"H\($0)\"") }
        return Array([others[0], others[1], third, others[3], others[4]].joined(separator: "\n").utf8)
    }

    static let invalid: [(json: String, code: String, field: String, key: String)] = [
        (valid.replacingOccurrences(of: #""area":"rural""#, with: #""area":"rural","colour":"red""#), "H3", "colour", "issue.unknownKey"),
        (valid.replacingOccurrences(of: #""scoreA":120"#, with: #""scoreA":"120""#), "H3", "income.scoreA", "issue.wrongType"),
        (valid.replacingOccurrences(of: #""rural""#, with: #""city""#), "H3", "area", "issue.notInList"),
        (valid.replacingOccurrences(of: #""floorAreaM2":40"#, with: #""floorAreaM2":-40"#), "H3", "housing.floorAreaM2", "issue.negative"),
        (valid.replacingOccurrences(of: "1980-01-01", with: "2024-10-06"), "H3", "members[0].birthDate", "issue.birthAfterSurvey"),
        (valid.replacingOccurrences(of: "012345678901", with: "0123456789"), "H3", "members[0].idNumber", "issue.idNumberDigits"),
        (valid.replacingOccurrences(of: #""area":"rural","#, with: ""), "H3", "area", "classify.areaRequired"),
        (valid.replacingOccurrences(of: #""surveyDate":"2024-10-05","#, with: ""), "H3", "surveyDate", "classify.surveyDateRequired"),
        (valid.replacingOccurrences(of: "2024-10-05", with: "2021-06-01").replacingOccurrences(of: "1980", with: "1970"),
         "H3", "surveyDate", "classify.noStandard"),
        (valid.replacingOccurrences(of: "\"H3\"", with: "\"H1\""), "H1", "code", "classify.duplicateCode"),
    ]

    @Test("every invalid household is named by its code and field", arguments: 0..<invalid.count)
    func invalidHousehold(case number: Int) {
        let (json, code, field, key) = Self.invalid[number]
        let runs = F.layouts.flatMap { layout in
            [F.classifyFile(Self.file(third: json), layout: layout), F.classifyStream(Self.file(third: json), layout: layout)]
        }
        for run in runs {
            guard let error = run.error else { Issue.record("accepted \(json)"); continue }
            #expect(error.index == 2)
            #expect(error.householdCode == code)
            #expect(error.problems.contains { $0.field == field && $0.message.key == key }, "\(error.problems)")
            let text = error.lines(in: .vi).joined()
            #expect(text.contains(code) && text.contains(field) && text.contains("thứ 3"), "\(text)")
            #expect(!text.contains("classify.") && !text.contains("issue."), "untranslated: \(text)")
        }
    }

    @Test("given a file, nothing is written when the third of five households is invalid", arguments: 0..<F.layouts.count)
    func fileWritesNothing(layout: Int) {
        for invalid in Self.invalid {
            let run = F.classifyFile(Self.file(third: invalid.json), layout: F.layouts[layout])
            #expect(run.error?.index == 2)
            #expect(run.output.isEmpty)
        }
    }

    @Test("on standard input, two lines are written, then the third household stops the run", arguments: 0..<F.layouts.count)
    func streamStopsAtFirstInvalid(layout: Int) throws {
        for invalid in Self.invalid + [(#"{"code":"H3","#, "", "", "")] {
            let run = F.classifyStream(Self.file(third: invalid.json), layout: F.layouts[layout])
            #expect(run.error?.index == 2)
            let lines = run.output.split(separator: "\n")
            #expect(try lines.map { try JSONParser.parse(String($0))["code"] } == [.string("H1"), .string("H2")])
        }
    }

    @Test("of several invalid households, the first in the input is reported", arguments: 0..<F.layouts.count)
    func firstErrorWins(layout: Int) {
        let lines = (1...9).map { Self.valid.replacingOccurrences(of: "\"H3\"", with: "\"H\($0)\"") }
        var broken = lines
        broken[4] = Self.invalid[2].json.replacingOccurrences(of: "\"H3\"", with: "\"H5\"")
        broken[6] = lines[1]
        broken[7] = "{"
        let bytes = Array(broken.joined(separator: "\n").utf8)
        #expect(F.classifyFile(bytes, layout: F.layouts[layout]).error?.index == 4)
        #expect(F.classifyStream(bytes, layout: F.layouts[layout]).error?.index == 4)
        broken[4] = lines[4]
        let duplicateFirst = Array(broken.joined(separator: "\n").utf8)
        #expect(F.classifyFile(duplicateFirst, layout: F.layouts[layout]).error?.message.key == "classify.duplicateCode")
        #expect(F.classifyStream(duplicateFirst, layout: F.layouts[layout]).output.split(separator: "\n").count == 6)
        let arrayBroken = Array(("[" + lines.prefix(5).joined(separator: ",") + "}").utf8)
        #expect(F.classifyStream(arrayBroken, layout: F.layouts[layout]).output.split(separator: "\n").count == 5)
    }

    @Test("input that is not JSON is reported with the household's position and byte offset")
    func syntax() {
        let broken = Self.file(third: #"{"code":"H3","area":}"#)
        let error = F.classifyFile(broken).error
        #expect(error?.index == 2)
        #expect(error?.field == nil)
        let lineStart = String(decoding: broken, as: UTF8.self).components(separatedBy: "\n").prefix(2).map { $0.utf8.count + 1 }.reduce(0, +)
        #expect(error?.offset == lineStart + 20)
        #expect(error?.message.key == "issue.syntax")
        #expect(error?.lines(in: .vi).first?.contains("byte \(lineStart + 20)") == true)

        let array = Array(("[" + Self.valid + " " + Self.valid + "]").utf8)
        let missingComma = F.classifyFile(array).error
        #expect(missingComma?.message.key == "classify.syntax.expectedCommaOrEnd")
        #expect(missingComma?.index == 1)
        #expect(missingComma?.offset == Self.valid.utf8.count + 2)
        #expect(F.classifyFile(Array(("[" + Self.valid).utf8)).error?.message.key == "classify.syntax.unterminatedArray")
        #expect(F.classifyFile(Array(("[" + Self.valid + ",]").utf8)).error?.message.key == "classify.syntax.expectedHousehold")
        #expect(F.classifyFile(Array(("[" + Self.valid + "] x").utf8)).error?.message.key == "classify.syntax.dataAfterArray")
        let notObject = F.classifyFile(Array("[1]".utf8)).error
        #expect(notObject?.field == "(household)" && notObject?.message.key == "issue.wrongType")
    }

    @Test("--standard names the standard for every household, with or without a survey date")
    func namedStandard() throws {
        let undated = Self.valid.replacingOccurrences(of: #""surveyDate":"2024-10-05","#, with: "")
            .replacingOccurrences(of: #""birthDate":"1980-01-01","#, with: "")
        let run = F.classifyFile(Array(undated.utf8), standard: "nd-351-2025")
        #expect(run.error == nil)
        #expect(try JSONParser.parse(String(run.output.dropLast()))["standard"] == .string("nd-351-2025"))

        let unknown = F.classifyFile(Array(Self.valid.utf8), standard: "nd-59-2015").error
        #expect(unknown?.index == nil)
        #expect(unknown?.message == Message("classify.unknownStandard", ["id": "nd-59-2015", "known": "nd-07-2021, nd-351-2025"]))
    }

    @Test("a future survey date is classified under the standard it falls under")
    func futureDate() throws {
        let future = Self.valid.replacingOccurrences(of: "2024-10-05", with: "2031-03-01")
        let run = F.classifyStream(Array(future.utf8))
        #expect(run.error == nil)
        #expect(try JSONParser.parse(String(run.output.dropLast()))["standard"] == .string("nd-351-2025"))
    }

    @Test("a file whose output outgrows memory: the same lines, in batches of whole lines; nothing when its last household is invalid",
          arguments: 0..<F.layouts.count)
    func outputHeldOnDisk(layout: Int) throws {
        var run = F.run(nil, F.layouts[layout])
        run.heldOutputMemoryLimit = 1000
        run.outputBatchSize = 700
        var batches: [[UInt8]] = []
        _ = try run.run(.file(F.source(F.jsonLines(Self.households)))) { batches.append($0) }
        #expect(String(decoding: batches.joined(), as: UTF8.self) == Self.expected)
        #expect(batches.count > 10 && batches.allSatisfy { $0.last == 0x0A })

        var lastInvalid = Self.households
        lastInvalid[149].area = nil
        var output: [UInt8] = []
        do {
            _ = try run.run(.file(F.source(F.jsonLines(lastInvalid)))) { output += $0 }
            Issue.record("accepted")
        } catch let error as ClassifyError {
            #expect(error.index == 149 && error.field == "area")
        }
        #expect(output.isEmpty)
    }

    @Test("on standard input, every household read is written before more input is asked for",
          arguments: 0..<F.layouts.count)
    func slowProducer(layout: Int) throws {
        let lines = F.jsonLines(Self.households).split(separator: 0x0A, omittingEmptySubsequences: false)
        var given = 0
        var written: [UInt8] = []
        var writtenWhenAsked: [Int] = []
        let source: HouseholdStreamReader.Source = {
            writtenWhenAsked.append(written.count { $0 == 0x0A })
            guard given < Self.households.count else { return nil }
            defer { given += 3 }
            return Array(lines[given..<min(given + 3, Self.households.count)].joined(separator: [0x0A])) + [0x0A]
        }
        _ = try F.run(nil, F.layouts[layout]).run(.stream(source)) { written += $0 }
        #expect(writtenWhenAsked == Array(stride(from: 0, through: Self.households.count, by: 3)))
        #expect(String(decoding: written, as: UTF8.self) == Self.expected)
    }

    /// FNV-1a, 64 bits: a digest that stays the same with every Swift version.
    static func digest(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    @Test("a fixed input gives, byte for byte, the lines it gave before classify was made faster")
    func unchangedOutput() throws {
        let input = F.jsonLines(Self.households)
        #expect(Self.digest(F.classifyFile(input).output) == 16_216_764_055_567_824_572)
        #expect(Self.digest(F.classifyStream(input, layout: (2, 7)).output) == 16_216_764_055_567_824_572)
        var english = ClassifyRun(catalog: .builtIn)
        english.language = .en
        var output: [UInt8] = []
        _ = try english.run(.stream(F.source(input))) { output += $0 }
        #expect(Self.digest(String(decoding: output, as: UTF8.self)) == 3_727_173_235_562_617_287)
    }

    @Test("errors of the input are passed on as they are")
    func inputErrors() {
        struct Broken: Error {}
        #expect(throws: Broken.self) {
            _ = try ClassifyRun(catalog: .builtIn).run(.stream({ throw Broken() })) { _ in }
        }
    }
}
