import Domain
import Fluent
import Foundation
import Spreadsheet
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("XLSX and CSV: template, import, export")
struct SpreadsheetImportExportTests {
    static let records: [HouseholdRecord] = {
        let lines = ImportTests.good.split(separator: "\n")
        return lines.map { try! HouseholdJSON.decode(bytes: Array($0.utf8)).get() }
    }()

    /// A workbook as a commune would fill in the template: Vietnamese headings and labels.
    static func workbook(_ edit: (inout TableSheet, inout TableSheet) -> Void = { _, _ in }) throws -> Data {
        var tables = HouseholdTableEncoder.encode(records, options: .template)
        edit(&tables.households, &tables.members)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try WorkbookWriter(url: url)
        for sheet in [tables.households, tables.members] {
            try writer.addSheet(named: sheet.name) { rows in
                try rows.appendHeaderRow(sheet.header.map(\.plainText))
                for row in sheet.rows {
                    try rows.appendRow(row.cells.map { cell -> CellValue in
                        switch cell {
                        case .empty: .empty
                        case let .text(text): .text(text)
                        case let .number(number): .number(number)
                        case let .bool(flag): .boolean(flag)
                        case let .date(date): .date(Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch) * 86_400))
                        }
                    })
                }
            }
        }
        try writer.finish()
        return try Data(contentsOf: url)
    }

    /// The position of a members' column in the template's layout.
    static func memberColumn(_ key: String) throws -> Int {
        try #require(HouseholdTableEncoder.columns(of: .members, options: .template).firstIndex { $0.key == key })
    }

    @Test("the template has the two sheets with Vietnamese headings and a hidden list sheet")
    func template() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            var data = Data()
            try await admin.get("/imports/template.xlsx") { res in
                #expect(res.status == .ok)
                data = Data(buffer: res.body)
            }
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            try data.write(to: url)
            let reader = try WorkbookReader(url: url)
            #expect(reader.sheetNames == ["Hộ gia đình", "Thành viên", HouseholdWorkbook.listSheet])
            let header = try reader.rows(inSheet: "Thành viên").first?.cells ?? []
            let expected = HouseholdTableEncoder.encode([], options: .template).members.header.map { CellValue.text($0.plainText) }
            #expect(header == expected)
        }
    }

    @Test("an XLSX with bad cells is refused with sheet, row and column named; fixed, it imports")
    func xlsxImport() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let before = try await ImportTests.households(app)
            let id = try Self.memberColumn("id_number"), sex = try Self.memberColumn("sex")
            let bad = try Self.workbook { _, members in
                members.rows[0].cells[id] = .text("12345")
                members.rows[1].cells[sex] = .text("Không rõ")
            }
            let path = try await Self.uploadXLSX(admin, bad)
            #expect(try await ImportTests.settled(path, app).stateCode == .refused)
            #expect(try await ImportTests.households(app) == before)
            try await admin.get(path) { res in
                let page = res.body.string
                #expect(page.contains("Thành viên"))
                #expect(page.contains("12345"))
                #expect(page.contains("Không rõ"))
            }
            let job = try await ImportTests.settled(path, app)
            let issues = ImportController.issues(of: job)
            #expect(issues.count == 2)
            #expect(issues.allSatisfy { $0.sheet == "Thành viên" && $0.row >= 2 && !$0.column.isEmpty })

            // Excel kept the ID as a number and dropped its leading zero: it comes back.
            let fixed = try Self.workbook { _, members in
                members.rows[0].cells[id] = .number(95_070_001_111)
            }
            let good = try await Self.uploadXLSX(admin, fixed)
            #expect(try await ImportTests.settled(good, app).stateCode == .awaitingConfirmation)
            try await admin.post("\(good)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            #expect(try await ImportTests.settled(good, app).stateCode == .done)
            #expect(try await ImportTests.households(app) == before + 2)
            let member = try #require(try await Member.query(on: app.db).filter(\.$name == "Lâm Văn Một").first())
            #expect(member.idNumber == "095070001111")
        }
    }

    @Test("a CSV pair (with Excel's byte-order mark) imports, whichever file comes first")
    func csvImport() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let tables = HouseholdTableEncoder.encode(Self.records)
            var households = CSVWriter(byteOrderMark: true), members = CSVWriter(byteOrderMark: true)
            households.write(tables.households)
            members.write(tables.members)
            let path = try await ImportTests.upload(admin, files: [("thanh-vien.csv", members.text), ("ho.csv", households.text)])
            let job = try await ImportTests.settled(path, app)
            #expect(job.stateCode == .awaitingConfirmation, "\(ImportController.issues(of: job))")
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            #expect(try await ImportTests.settled(path, app).stateCode == .done)
            #expect(try await HouseholdQuery.find(code: "IMP-2", scope: .wholeOrganisation, on: app.db) != nil)
        }
    }

    @Test("exports follow the scope, leave sensitive columns to permitted roles, and are logged")
    func exports() async throws {
        try await withTestApp(demo: true) { app in
            let official = try await SecurityTests.loggedIn("hiepthanh.ubnd", app)
            let commune = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "31840").first())
            let expected = try await Household.query(on: app.db).filter(\.$commune.$id == commune.requireID()).filter(\.$archivedAt == nil).count()
            try await official.get("/exports/households.csv") { res in
                #expect(res.status == .ok)
                let lines = res.body.string.split(separator: "\r\n")
                #expect(lines.count == expected + 1)
                #expect(lines.dropFirst().allSatisfy { $0.contains(",31840,") })
            }
            try await official.get("/exports/members.csv") { res in
                #expect(res.body.string.contains("ethnicity"))
            }
            let classified = try #require(try await Household.query(on: app.db).filter(\.$commune.$id == commune.requireID())
                .filter(\.$computedStatus != nil).first())
            try await official.get("/exports/results.csv") { res in
                #expect(res.status == .ok)
                let lines = res.body.string.split(separator: "\r\n")
                #expect(lines.first?.hasSuffix("household_code,survey_date,standard,status,status_label,deprivation_score,deprived,missing,income_basis,income_line") == true)
                let row = lines.first { $0.hasPrefix("\(classified.code),") }
                #expect(row?.contains(",\(classified.computedStatus ?? ""),") == true, "the household's status as computed: \(row ?? "no row")")
                #expect(lines.dropFirst().allSatisfy { line in !line.hasPrefix("HD-") || line.contains(",nd-") })
            }
            let steering = try await SecurityTests.loggedIn("bcd.thanhtung", app)
            let someID = try #require(try await Member.query(on: app.db).filter(\.$idNumber != nil).first()?.idNumber)
            try await steering.get("/exports/members.csv") { res in
                #expect(res.status == .ok)
                let header = res.body.string.split(separator: "\r\n").first ?? ""
                #expect(!header.contains("ethnicity"))
                #expect(!header.contains("religion"))
                #expect(!res.body.string.contains(someID))
            }
            var resultsCSV: [[String]] = []
            try await steering.get("/exports/results.csv?commune=31840") { res in
                resultsCSV = res.body.string.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            }
            try await steering.get("/exports/households.xlsx?commune=31840") { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType.contains("spreadsheetml") == true)
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).xlsx")
                defer { try? FileManager.default.removeItem(at: url) }
                try Data(buffer: res.body).write(to: url)
                let workbook = try WorkbookReader(url: url)
                #expect(workbook.sheetNames.contains("Kết quả phân loại"))
                // The households of the commune alone: the filter holds through the listing.
                let communeIDs = try await AdministrativeUnit.query(on: app.db).filter(\.$code == "31840").all(\.$id)
                let inCommune = try await Household.query(on: app.db).filter(\.$commune.$id ~~ communeIDs).filter(\.$archivedAt == nil).count()
                let everywhere = try await Household.query(on: app.db).filter(\.$archivedAt == nil).count()
                #expect(try workbook.rows(inSheet: workbook.sheetNames[0]).count - 1 == inCommune && inCommune > 0 && inCommune < everywhere)
                let results = try workbook.rows(inSheet: "Kết quả phân loại")
                #expect(results.contains { $0.cells.first == .text(classified.code) })
                // The workbook's results, read with its records, are those of the results CSV.
                #expect(results.count - 1 == resultsCSV.count && resultsCSV.count > 0)
                #expect(results.dropFirst().map { [$0.cells[0], $0.cells[3]] } == resultsCSV.map { [.text($0[0]), .text($0[3])] })
            }
            let exports = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue).count()
            #expect(exports == 6)
        }
    }

    @Test("CSV exports sent a few households at a time are the same as sent whole; an empty list still has its header")
    func exportsInChunks() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            func download(_ path: String) async throws -> String {
                var text = ""
                try await admin.get(path) { res in
                    #expect(res.status == .ok)
                    text = res.body.string
                }
                return text
            }
            func workbook() async throws -> [[SheetRow]] {
                var sheets: [[SheetRow]] = []
                try await admin.get("/exports/households.xlsx") { res in
                    let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).xlsx")
                    defer { try? FileManager.default.removeItem(at: url) }
                    try Data(buffer: res.body).write(to: url)
                    let reader = try WorkbookReader(url: url)
                    sheets = try reader.sheetNames.map { try reader.rows(inSheet: $0) }
                }
                return sheets
            }
            let paths = ["/exports/households.csv", "/exports/members.csv", "/exports/results.csv"]
            var whole: [String] = []
            for path in paths { whole.append(try await download(path)) }
            let wholeWorkbook = try await workbook()
            app.exportChunkSize = 7
            let chunkedWorkbook = try await workbook()
            #expect(chunkedWorkbook == wholeWorkbook && wholeWorkbook.count == 4, "the workbook in chunks of 7")
            #expect(wholeWorkbook.prefix(3).map { $0.count - 1 } == whole.map { $0.split(separator: "\r\n").count - 1 }, "its sheets hold the rows of the CSV files")
            for (path, expected) in zip(paths, whole) {
                let chunked = try await download(path)
                #expect(chunked == expected, "\(path) in chunks of 7")
                #expect(chunked.split(separator: "\r\n").count > 14, "\(path) crosses chunks")
            }
            for path in paths {
                let lines = try await download(path + "?q=khong-ai-ten-nay").split(separator: "\r\n")
                #expect(lines.count == 1 && lines[0] == whole[paths.firstIndex(of: path)!].split(separator: "\r\n")[0], "\(path) of no household")
            }
        }
    }

    @Test("the members an export reads from the driver's own values are those the models read: every present member, in order, every field")
    func exportedMembersAreTheModels() async throws {
        try await withTestApp(demo: true) { app in
            let households = try await Household.query(on: app.db).all()
            let records = try await HouseholdRecords.load(try households.map(ListedHousehold.init), on: app.db)
            let members = Dictionary(grouping: try await Member.query(on: app.db).filter(\.$status == MemberStatus.present.rawValue)
                .sort(\.$position).all()) { $0.$household.id }
            #expect(records.reduce(0) { $0 + $1.members.count } == members.values.reduce(0) { $0 + $1.count })
            for (household, record) in zip(households, records) {
                #expect(record.members == (members[try household.requireID()] ?? []).map(\.record), "\(household.code)")
                // What the workbook export counts before it sends anything.
                #expect(household.memberCount == record.members.count, "\(household.code)")
            }
        }
    }

    @Test("a workbook whose members would not fit a sheet is refused before anything is sent, pointing to CSV")
    func workbookTooLong() async throws {
        try await withTestApp(demo: true) { app in
            let admin = Browser(app: app)
            try await admin.login("admin", DemoAccounts.password("admin"))
            let household = try #require(try await Household.query(on: app.db).first())
            household.memberCount = CellReference.maximumRowNumber
            try await household.save(on: app.db)
            try await admin.get("/exports/households.xlsx") { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Bảng Thành viên có hơn 1.048.575 dòng"))
                #expect(res.headers.contentType != HouseholdWorkbook.mediaType)
            }
        }
    }

    @Test("a text that would run as a formula is exported with a leading apostrophe; numbers keep their sign")
    func formulasNeutralised() {
        let sheet = TableSheet(name: "x", header: [.text("a")], rows: [TableRow(number: 2, cells: [.text("=HYPERLINK(\"http://x\")"), .text("@SUM(A1)"), .number(-3), .text("Ấp 1")])])
        let cells = ExportController.withoutFormulas(sheet).rows[0].cells
        #expect(cells == [.text("'=HYPERLINK(\"http://x\")"), .text("'@SUM(A1)"), .number(-3), .text("Ấp 1")])
    }

    static func uploadXLSX(_ browser: Browser, _ data: Data) async throws -> String {
        try await ImportTests.upload(browser, binary: [("xa.xlsx", data)])
    }
}
