import Domain
import Fluent
import Foundation
import Spreadsheet
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Household import")
struct ImportTests {
    static let good = """
        {"code":"IMP-1","communeCode":"31840","surveyDate":"2025-10-05","income":{"perCapitaMonthly":1200000},"indicators":{"latrine":true,"water":true,"housingQuality":true},"members":[{"name":"Lâm Văn Một","birthYear":1970,"relation":"head","idNumber":"095070001111"}]}
        {"code":"IMP-2","communeCode":"31840","members":[{"name":"Lý Thị Hai","birthYear":1985,"relation":"head"}]}
        """
    static let bad = #"{"code":"IMP-3","communeCode":"31840","members":[{"name":"Thạch Ba","birthYear":1980,"relation":"head","sex":"x"}]}"#

    /// Uploads `files` as the browser's form does (multipart, token in the address).
    static func upload(_ browser: Browser, files: [(String, String)], validOnly: Bool = false) async throws -> String {
        try await upload(browser, binary: files.map { ($0.0, Data($0.1.utf8)) }, validOnly: validOnly)
    }

    @discardableResult
    static func upload(_ browser: Browser, files: [(String, String)], fields: [String: String], expecting status: HTTPResponseStatus = .seeOther) async throws -> String {
        try await upload(browser, binary: files.map { ($0.0, Data($0.1.utf8)) }, fields: fields, expecting: status)
    }

    static func upload(_ browser: Browser, binary files: [(String, Data)], validOnly: Bool = false, fields: [String: String] = [:],
                       expecting status: HTTPResponseStatus = .seeOther) async throws -> String {
        let boundary = "----dh\(UUID().uuidString)"
        var body = ByteBuffer()
        // Fields before the files, and the valid-only choice after them: the form is read in any order.
        for (name, value) in fields { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        for (name, content) in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(content)
            body.writeString("\r\n")
        }
        if validOnly { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"validOnly\"\r\n\r\ntrue\r\n") }
        body.writeString("--\(boundary)--\r\n")
        return try await post(browser, multipart: body, boundary: boundary, expecting: status)
    }

    /// Posts a multipart body as the upload form does; returns where the answer redirects.
    @discardableResult
    static func post(_ browser: Browser, multipart body: ByteBuffer, boundary: String, expecting status: HTTPResponseStatus,
                     saying message: String? = nil) async throws -> String {
        var headers = HTTPHeaders()
        if let cookie = browser.cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        var location = ""
        let token = browser.csrf?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        try await browser.app.testing().test(.POST, "/imports?_csrf=\(token)", headers: headers, body: body) { res in
            #expect(res.status == status, "\(res.body.string.prefix(300))")
            if let message { #expect(res.body.string.contains(message)) }
            location = res.headers.first(name: .location) ?? ""
        }
        return location
    }

    /// Waits for the background job to leave its working states.
    static func settled(_ path: String, _ app: Application) async throws -> ImportJob {
        let id = try #require(UUID(uuidString: String(path.split(separator: "/").last ?? "")))
        var last: ImportJob?
        for _ in 0..<300 {
            last = try await ImportJob.find(id, on: app.db)
            if let job = last, !job.stateCode.isWorking { return job }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the import did not finish: \(last?.state ?? "no job"), \(last?.rowsDone ?? 0) rows done")
        throw Abort(.internalServerError)
    }

    static func households(_ app: Application) async throws -> Int { try await Household.query(on: app.db).count() }

    /// The stored parts of the job's uploaded files.
    static func storedParts(of job: ImportJob, _ app: Application) async throws -> Int {
        let files = try await ImportFile.query(on: app.db).filter(\.$job.$id == job.requireID()).all()
        return try await ImportFilePart.query(on: app.db).filter(\.$file.$id ~~ files.map { try $0.requireID() }).count()
    }

    @Test("a file with one bad household is refused whole: the cell is named and nothing is stored")
    func allOrNothing() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let before = try await Self.households(app)
            let path = try await Self.upload(admin, files: [("ho.jsonl", Self.good + "\n" + Self.bad)])
            let job = try await Self.settled(path, app)
            #expect(job.stateCode == .refused)
            #expect(try await Self.households(app) == before)
            #expect(try await Self.storedParts(of: job, app) == 1, "a refused file is kept to be checked again")
            try await admin.get(path) { res in
                #expect(res.status == .ok)
                let page = res.body.string
                #expect(page.contains("members[0].sex"))
                #expect(page.contains("Giá trị không nằm trong danh sách cho phép"))
                #expect(page.contains("ho.jsonl"))
                #expect(page.contains("Chỉ nhập các hộ hợp lệ"))
            }
            try await admin.get("\(path)/issues.csv") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.hasPrefix("\u{FEFF}"))
                #expect(res.body.string.contains("IMP-3"))
            }
            try await admin.get("\(path)/issues.xlsx") { res in
                #expect(res.status == .ok)
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("issues-\(UUID().uuidString).xlsx")
                defer { try? FileManager.default.removeItem(at: url) }
                try Data(buffer: res.body).write(to: url)
                let workbook = try WorkbookReader(url: url)
                let rows = try workbook.rows(inSheet: try #require(workbook.sheetNames.first))
                #expect(rows.count == 2, "the header and the one problem")
                #expect(rows.last?.cells.contains(.text("IMP-3")) == true)
                #expect(rows.last?.cells.contains(.text("members[0].sex")) == true)
            }
            // Choosing to import the valid households only, then confirming, stores the two.
            try await admin.post("\(path)/valid-only", form: [:]) { #expect($0.status == .seeOther) }
            #expect(try await Self.settled(path, app).stateCode == .awaitingConfirmation)
            #expect(try await Self.households(app) == before)
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            let done = try await Self.settled(path, app)
            #expect(done.stateCode == .done)
            #expect(try await Self.households(app) == before + 2)
            #expect(try await Self.storedParts(of: done, app) == 0, "the uploaded copy is deleted once its households are stored")
            let file = try #require(try await ImportFile.query(on: app.db).filter(\.$job.$id == done.requireID()).first())
            #expect(file.name == "ho.jsonl" && file.size > 0, "the file's name and size stay on the job")
            let imported = try #require(try await HouseholdQuery.find(code: "IMP-1", scope: .wholeOrganisation, on: app.db))
            #expect(imported.computedStatus == "poor", "every imported survey is classified")
            #expect(imported.headName == "Lâm Văn Một")
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.householdImport.rawValue).all()
            #expect(entries.count == 1, "one audit entry for the whole import")
        }
    }

    @Test("matching: the same code updates the household; a new code with a registered ID number is held back (the registry held in memory or looked up)",
          arguments: [0, 50_000])
    func matching(registryHeldInMemory: Int) async throws {
        try await withTestApp(demo: true) { app in
            app.importRegistryHeldInMemory = registryHeldInMemory
            let admin = try await SecurityTests.loggedIn("admin", app)
            var path = try await Self.upload(admin, files: [("a.jsonl", Self.good)])
            _ = try await Self.settled(path, app)
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            let first = try await Self.settled(path, app)
            #expect(first.stateCode == .done, "\(first.failure ?? "")")
            let before = try await Self.households(app)

            let renamed = Self.good.replacingOccurrences(of: "Lý Thị Hai", with: "Lý Thị Hai Em")
                .replacingOccurrences(of: "\"IMP-1\"", with: "\"IMP-NEW\"")
            path = try await Self.upload(admin, files: [("b.jsonl", renamed)])
            let job = try await Self.settled(path, app)
            let summary = try JSONDecoder().decode(ImportSummary.self, from: Data(try #require(job.summary).utf8))
            #expect(summary.updates == 1)
            #expect(summary.creates == 0)
            #expect(summary.duplicates.map(\.code) == ["IMP-NEW"])
            #expect(summary.duplicates.first?.matchedCode == "IMP-1")
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            #expect(try await Self.settled(path, app).stateCode == .done)
            #expect(try await Self.households(app) == before)
            let updated = try #require(try await HouseholdQuery.find(code: "IMP-2", scope: .wholeOrganisation, on: app.db))
            #expect(updated.headName == "Lý Thị Hai Em")
        }
    }

    @Test("a commune official cannot import households of another commune")
    func scope() async throws {
        try await withTestApp(demo: true) { app in
            let official = try await SecurityTests.loggedIn("hiepthanh.ubnd", app)
            let other = Self.good.replacingOccurrences(of: "31840", with: "31846")
            let path = try await Self.upload(official, files: [("x.jsonl", other)])
            #expect(try await Self.settled(path, app).stateCode == .refused)
            try await official.get(path) { res in #expect(res.body.string.contains("Xã này không thuộc địa bàn bạn phụ trách.")) }
            let stranger = try await SecurityTests.loggedIn("hongdan.canbo", app)
            try await stranger.get(path) { res in #expect(res.status == .notFound, "another user's import does not exist for him") }
        }
    }

    @Test("a job cut off while writing shows as interrupted and can be started again")
    func restart() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let path = try await Self.upload(admin, files: [("a.jsonl", Self.good)])
            let job = try await Self.settled(path, app)
            job.state = ImportState.writing.rawValue
            job.heartbeatAt = Date().addingTimeInterval(-600)
            try await job.save(on: app.db)
            try await admin.get(path) { res in #expect(res.body.string.contains("bị gián đoạn")) }
            try await admin.post("\(path)/restart", form: [:]) { #expect($0.status == .seeOther) }
            #expect(try await Self.settled(path, app).stateCode == .awaitingConfirmation)
        }
    }

    @Test("a job left unwritten for 30 days loses its files at the next upload: its page says so and it can no longer be checked or written")
    func leftJobsLoseTheirFiles() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let leftPath = try await Self.upload(admin, files: [("cu.jsonl", Self.good + "\n" + Self.bad)])
            let left = try await Self.settled(leftPath, app)
            #expect(left.stateCode == .refused)
            let recentPath = try await Self.upload(admin, files: [("moi.jsonl", Self.good + "\n" + Self.bad)])
            let recent = try await Self.settled(recentPath, app)
            left.heartbeatAt = Date().addingTimeInterval(-31 * 24 * 3600)
            try await left.save(on: app.db)
            recent.heartbeatAt = Date().addingTimeInterval(-29 * 24 * 3600)
            try await recent.save(on: app.db)

            _ = try await Self.settled(try await Self.upload(admin, files: [("khac.jsonl", Self.good)]), app)
            #expect(try await Self.storedParts(of: left, app) == 0)
            #expect(try await Self.storedParts(of: recent, app) == 1, "29 days unused: kept")
            try await admin.get(leftPath) { res in
                let page = res.body.string
                #expect(page.contains("đã được xoá vì để quá 30 ngày mà không nhập"))
                #expect(page.contains("members[0].sex"), "the problems found stay readable")
                #expect(!page.contains("/valid-only"), "no action that needs the files is offered")
                #expect(!page.contains("chỉ nhập các hộ hợp lệ"), "nor suggested")
            }
            try await admin.post("\(leftPath)/valid-only", form: [:]) { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("hãy tải tệp lên lại"))
            }
            #expect(try await ImportJob.find(left.requireID(), on: app.db)?.stateCode == .refused, "the refused job is left as it was")
            try await admin.get(recentPath) { res in #expect(res.body.string.contains("/valid-only")) }
        }
    }

    @Test("an upload is read as it comes: fields in any order, an empty file input skipped, a file of another kind or too large refused with nothing stored")
    func uploadForm() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let jobs = try await ImportJob.query(on: app.db).count()
            // The valid-only choice before the file, as a form may order it; an empty file input beside it.
            let path = try await Self.upload(admin, binary: [("", Data()), ("ho.jsonl", Data((Self.good + "\n" + Self.bad).utf8))],
                                             fields: ["validOnly": "true"])
            let job = try await Self.settled(path, app)
            #expect(job.validOnly)
            #expect(job.fileNames == "ho.jsonl")
            #expect(job.stateCode == .awaitingConfirmation, "the valid households only: the bad one is left out")

            try await Self.upload(admin, files: [("ho.txt", "x")], fields: [:], expecting: .badRequest)
            app.importMaximumUpload = 1_000
            try await admin.get("/imports") { res in #expect(res.body.string.contains("Tối đa 1000 byte.")) }
            try await Self.upload(admin, files: [("lon.jsonl", String(repeating: " ", count: 2_000) + Self.good)], fields: [:], expecting: .payloadTooLarge)
            app.importMaximumUpload = 1 << 20
            // A body cut off inside its file: no closing boundary.
            var cutOff = ByteBuffer()
            cutOff.writeString("--b\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"cut.jsonl\"\r\n\r\n" + Self.good)
            try await Self.post(admin, multipart: cutOff, boundary: "b", expecting: .badRequest, saying: "Không đọc được biểu mẫu tải lên")
            #expect(try await ImportJob.query(on: app.db).count() == jobs + 1, "the refused uploads left no job")
            #expect(try await ImportFile.query(on: app.db).filter(\.$name ~~ ["ho.txt", "lon.jsonl", "cut.jsonl"]).count() == 0)
        }
    }

    @Test("an unreadable file is refused with a message naming it", arguments: [("a.txt", "x"), ("a.json", "[{\"code\":\"A\"},")])
    func unreadable(name: String, content: String) async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            if name.hasSuffix(".txt") {
                var status = HTTPResponseStatus.ok
                let boundary = "b0undary"
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .cookie, value: admin.cookie ?? "")
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"\(name)\"\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
                try await app.testing().test(.POST, "/imports?_csrf=\(admin.csrf ?? "")", headers: headers, body: ByteBuffer(string: body)) { res in
                    status = res.status
                    #expect(res.body.string.contains("a.txt"))
                }
                #expect(status == .badRequest)
            } else {
                let path = try await Self.upload(admin, files: [(name, content)])
                let job = try await Self.settled(path, app)
                #expect(job.stateCode == .refused)
                #expect(job.failure?.contains("a.json") == true)
            }
        }
    }
}
