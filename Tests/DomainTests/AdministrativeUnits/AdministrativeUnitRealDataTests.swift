import Foundation
import Testing
@testable import Domain

/// `shared/data/admin-units` beside the package folder (package root is three levels above
/// this file's folder). Tried for this file's path as compiled and with symlinks resolved,
/// since a scratch package may link the tests in. Nil when the data is not there.
private let adminUnitsFolder: URL? = {
    let file = URL(fileURLWithPath: #filePath)
    for path in [file, file.resolvingSymlinksInPath()] {
        let packageRoot = path.deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/admin-units")
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("units-2026-04-30.json").path) {
            return folder
        }
    }
    return nil
}()

private func loadList(_ name: String) throws -> AdministrativeUnitList {
    let folder = try #require(adminUnitsFolder)
    let data = try Data(contentsOf: folder.appendingPathComponent(name))
    return try AdministrativeUnitList.parse(data)
}

private func counts<Key: Hashable>(_ units: [AdministrativeUnitRecord], by key: (AdministrativeUnitRecord) -> Key) -> [Key: Int] {
    units.reduce(into: [:]) { $0[key($1), default: 0] += 1 }
}

/// Every unit but a province names as parent an earlier unit of the expected level
/// (a commune's parent is a district before the reform, a province after it).
private func parentsComeFirst(_ units: [AdministrativeUnitRecord], communeParent: AdministrativeLevel) -> Bool {
    var levelByCode: [String: AdministrativeLevel] = [:]
    for unit in units {
        let parentLevel = unit.parentCode.flatMap { levelByCode[$0] }
        switch unit.level {
        case .province: guard unit.parentCode == nil else { return false }
        case .district: guard parentLevel == .province else { return false }
        case .commune: guard parentLevel == communeParent else { return false }
        }
        levelByCode[unit.code] = unit.level
    }
    return true
}

@Suite(.enabled(if: adminUnitsFolder != nil, "needs ../shared/data/admin-units beside the package"))
struct AdministrativeUnitRealDataTests {
    @Test func preReformList() throws {
        let list = try loadList("units-2025-03-01.json")
        #expect(list.format == .preReform2025)
        #expect(counts(list.units, by: \.level) == [.province: 63, .district: 696, .commune: 10_035])
        #expect(counts(list.units, by: \.kind) == [
            .province: 57, .municipality: 6,
            .urbanDistrict: 49, .ruralDistrict: 508, .town: 52, .provincialCity: 85, .municipalCity: 2,
            .commune: 7_692, .ward: 1_726, .townlet: 617,
        ])
        #expect(parentsComeFirst(list.units, communeParent: .district))
        #expect(Set(list.units.filter { $0.kind == .municipality }.map(\.name))
            == ["Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"])
        // Cities inside centrally run cities: Thuỷ Nguyên (Hải Phòng) and Thủ Đức (Hồ Chí Minh).
        #expect(list.units.filter { $0.kind == .municipalCity }.map(\.code) == ["311", "769"])

        let bacLieuDistricts = list.units.filter { $0.parentCode == "95" }
        #expect(bacLieuDistricts.count == 7)
        #expect(bacLieuDistricts.contains(
            AdministrativeUnitRecord(code: "954", name: "Bạc Liêu", level: .district, kind: .provincialCity, parentCode: "95")))
        #expect(list.units.first { $0.code == "31840" }
            == AdministrativeUnitRecord(code: "31840", name: "Hiệp Thành", level: .commune, kind: .commune, parentCode: "954"))
    }

    @Test func postReformList() throws {
        let list = try loadList("units-2026-04-30.json")
        #expect(list.format == .postReform2025)
        // 3,321 commune-level units, the figure in the domain doc; the file is as of
        // 30/04/2026 (Resolution 30/2026/QH16) and still has exactly that many.
        #expect(counts(list.units, by: \.level) == [.province: 34, .commune: 3_321])
        // The file lists 7 municipalities: the 6 older ones and Đồng Nai (75).
        #expect(counts(list.units, by: \.kind) == [
            .province: 27, .municipality: 7, .commune: 2_611, .ward: 697, .specialZone: 13,
        ])
        #expect(list.units.contains { $0.code == "75" && $0.kind == .municipality })
        #expect(parentsComeFirst(list.units, communeParent: .province))

        #expect(list.units.first { $0.code == "96" }
            == AdministrativeUnitRecord(code: "96", name: "Cà Mau", level: .province, kind: .province, parentCode: nil))
        #expect(list.units.filter { $0.parentCode == "96" }.count == 64)
        // Hiệp Thành kept its code and became a ward of Cà Mau, which absorbed Bạc Liêu.
        #expect(list.units.first { $0.code == "31840" }
            == AdministrativeUnitRecord(code: "31840", name: "Hiệp Thành", level: .commune, kind: .ward, parentCode: "96"))
        #expect(list.units.first { $0.code == "26732" }
            == AdministrativeUnitRecord(code: "26732", name: "Côn Đảo", level: .commune, kind: .specialZone, parentCode: "79"))
    }
}
