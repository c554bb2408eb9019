import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Column mappings of the import")
struct ColumnMappingImportTests {
    /// A commune's own list: its own headings for two columns, "Nữ giới" for female, and a
    /// "STT" counter of its own.
    static func communeFiles() -> [(String, String)] {
        let pair = ImportChunkTests.csvPair(ImportChunkTests.records(3))
        var households = pair[0].1, members = pair[1].1
        #expect(households.hasPrefix("code,"))
        households = "Mã hộ GĐ," + households.dropFirst("code,".count)
        members = members.replacingOccurrences(of: "household_code,name,sex", with: "Mã hộ GĐ,Họ và tên,sex")
        var lines = members.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: ",Chủ Hộ Số 0,,", with: ",Chủ Hộ Số 0,Nữ giới,")
        members = lines.joined(separator: "\r\n")
        return [("ho-xa.csv", households), ("thanh-vien-xa.csv", members)]
    }

    @Test("a commune's own headings and words are refused, mapped once on the page, kept by name, and applied to its next file")
    func mapOnceUseAgain() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let path = try await ImportTests.upload(admin, files: Self.communeFiles())
            let refused = try await ImportTests.settled(path, app)
            #expect(refused.stateCode == .refused)
            try await admin.get(path) { res in
                let page = res.body.string
                #expect(page.contains("Đối chiếu cột của tệp với mẫu"))
                #expect(page.contains("Mã hộ GĐ"))
            }
            // The headings first: until the rows link up, their cells are not read.
            try await admin.post("\(path)/mapping", form: [
                "headings[0][table]": "households", "headings[0][heading]": "Mã hộ GĐ", "headings[0][key]": "code",
                "headings[1][table]": "members", "headings[1][heading]": "Mã hộ GĐ", "headings[1][key]": "household_code",
                "headings[2][table]": "members", "headings[2][heading]": "Họ và tên", "headings[2][key]": "name",
            ]) { #expect($0.status == .seeOther) }
            #expect(try await ImportTests.settled(path, app).stateCode == .refused)
            try await admin.get(path) { res in #expect(res.body.string.contains("Nữ giới")) }
            try await admin.post("\(path)/mapping", form: [
                "words[0][column]": "sex", "words[0][word]": "Nữ giới", "words[0][code]": "female", "name": "Xã Hiệp Thành",
            ]) { #expect($0.status == .seeOther) }
            let mapped = try await ImportTests.settled(path, app)
            #expect(mapped.stateCode == .awaitingConfirmation, "\(ImportController.issues(of: mapped).map(\.messageKey))")
            let saved = try #require(try await SavedColumnMapping.query(on: app.db).filter(\.$name == "Xã Hiệp Thành").first())

            // The next file of the commune, with the saved mapping chosen at upload, passes at once.
            let next = try await ImportTests.upload(admin, files: Self.communeFiles(), fields: ["mapping": try saved.requireID().uuidString])
            #expect(try await ImportTests.settled(next, app).stateCode == .awaitingConfirmation)
        }
    }

    @Test("an unknown saved mapping, or too long a name, is refused with a message and changes nothing")
    func badMappingInput() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await SecurityTests.loggedIn("admin", app)
            let jobs = try await ImportJob.query(on: app.db).count()
            try await ImportTests.upload(admin, files: Self.communeFiles(), fields: ["mapping": UUID().uuidString], expecting: .badRequest)
            #expect(try await ImportJob.query(on: app.db).count() == jobs)
            let path = try await ImportTests.upload(admin, files: Self.communeFiles())
            _ = try await ImportTests.settled(path, app)
            try await admin.post("\(path)/mapping", form: ["name": String(repeating: "x", count: 101)]) { #expect($0.status == .badRequest) }
            #expect(try await SavedColumnMapping.query(on: app.db).count() == 0)
        }
    }
}
