/// The pre-2025 administrative units the demo uses. Codes and names are copied from the
/// official GSO list as of 1 March 2025 (`data/admin-units/units-2025-03-01.json`, which keeps
/// the old tone placement in "Hoà Bình" for the district); embedded so that the generator
/// reads no file. Hamlet names are illustrative, not taken from a register.
enum DemoPlaces {
    static let provinceCode = "95"

    static let province = AdministrativeUnitRecord(
        code: provinceCode, name: "Bạc Liêu", level: .province, kind: .province, parentCode: nil
    )

    static let districts: [AdministrativeUnitRecord] = [
        ("954", "Bạc Liêu", AdministrativeKind.provincialCity), ("956", "Hồng Dân", .ruralDistrict),
        ("957", "Phước Long", .ruralDistrict), ("958", "Vĩnh Lợi", .ruralDistrict), ("959", "Giá Rai", .town),
        ("960", "Đông Hải", .ruralDistrict), ("961", "Hoà Bình", .ruralDistrict),
    ].map { AdministrativeUnitRecord(code: $0.0, name: $0.1, level: .district, kind: $0.2, parentCode: provinceCode) }

    /// A commune with what the generator needs to people it.
    struct Commune {
        var unit: AdministrativeUnitRecord
        var hamlets: [String]
        /// Shares of Khmer and Hoa households, in per cent; the rest are Kinh. Khmer live mostly
        /// in Vĩnh Lợi, Hòa Bình, the Vĩnh Trạch communes and Lộc Ninh; Hoa mostly in towns.
        var khmerPercent: Int
        var hoaPercent: Int
        /// Poor and near-poor households nobody sponsors.
        var unsponsored: Int

        var area: Area { unit.kind.defaultArea ?? .rural }
    }

    private static let khom = ["Khóm 1", "Khóm 2", "Khóm 3", "Khóm 4"]

    static let communes: [Commune] = [
        ("31831", "Nhà Mát", AdministrativeKind.ward, "954", khom, 5, 20, 8),
        ("31834", "Vĩnh Trạch", .commune, "954", ["Ấp Công Điền", "Ấp Cù Lao", "Ấp Bà Chăm A", "Ấp Giồng Giữa B"], 35, 5, 14),
        ("31837", "Vĩnh Trạch Đông", .commune, "954", ["Ấp Giồng Nhãn", "Ấp Bờ Xáng", "Ấp Biển Đông B"], 35, 5, 12),
        ("31840", "Hiệp Thành", .commune, "954", ["Ấp Bào Sen", "Ấp Giồng Giữa", "Ấp Biển Đông A", "Ấp Biển Tây A", "Ấp Biển Tây B"], 10, 5, 22),
        ("31843", "Ngan Dừa", .townlet, "956", khom, 10, 12, 8),
        ("31846", "Ninh Quới", .commune, "956", ["Ấp Bình Lộc", "Ấp Ninh Lợi", "Ấp Ninh Thành", "Ấp Kinh Xáng"], 15, 4, 20),
        ("31849", "Ninh Quới A", .commune, "956", ["Ấp Ninh Thạnh", "Ấp Ninh Định", "Ấp Xẻo Gừa", "Ấp Kinh Tư"], 15, 4, 16),
        ("31852", "Ninh Hòa", .commune, "956", ["Ấp Thống Nhất", "Ấp Bình Thạnh", "Ấp Ninh Hòa A"], 10, 4, 14),
        ("31855", "Lộc Ninh", .commune, "956", ["Ấp Lộc Thành", "Ấp Lộc Hòa", "Ấp Bà Gồng"], 30, 4, 14),
        ("31858", "Vĩnh Lộc", .commune, "956", ["Ấp Vĩnh Thới", "Ấp Phước Thạnh", "Ấp Cây Cui"], 10, 4, 16),
        ("31870", "Vĩnh Phú Đông", .commune, "957", ["Ấp Vĩnh Hòa", "Ấp Phước Hòa", "Ấp Nhà Dài"], 20, 4, 14),
        ("31876", "Phước Long", .commune, "957", ["Ấp Phước Thuận", "Ấp Phước Hậu", "Ấp Long Đức"], 15, 4, 14),
        ("31894", "Vĩnh Hưng", .commune, "958", ["Ấp Tam Hưng", "Ấp Trung Hưng", "Ấp Bà Hiên"], 45, 5, 16),
        ("31906", "Hưng Thành", .commune, "958", ["Ấp Cả Vĩnh", "Ấp Xẻo Xu", "Ấp Thành Thưởng"], 45, 5, 14),
        ("31945", "Hộ Phòng", .ward, "959", khom, 5, 25, 6),
        ("31948", "Phong Thạnh Đông", .commune, "959", ["Ấp 1", "Ấp 3", "Ấp 7"], 12, 4, 12),
        ("31957", "Tân Phong", .commune, "959", ["Ấp 4", "Ấp 6", "Ấp Kinh Tắc"], 8, 4, 12),
        ("31975", "Long Điền Đông", .commune, "960", ["Ấp Diêm Điền", "Ấp Lung Lá", "Ấp Cây Thẻ"], 15, 4, 18),
        ("31987", "An Trạch", .commune, "960", ["Ấp Bờ Cảng", "Ấp Hiệp Điền", "Ấp Anh Dũng"], 15, 4, 14),
        ("31891", "Hòa Bình", .townlet, "961", khom, 15, 12, 8),
        ("31915", "Minh Diệu", .commune, "961", ["Ấp Tường Thắng A", "Ấp Tường Thắng B", "Ấp Cố Đội"], 35, 4, 14),
        ("31918", "Vĩnh Bình", .commune, "961", ["Ấp Vĩnh Mẫu", "Ấp Vĩnh Lạc", "Ấp Thông Lưu"], 35, 4, 14),
    ].map {
        Commune(
            unit: AdministrativeUnitRecord(code: $0.0, name: $0.1, level: .commune, kind: $0.2, parentCode: $0.3),
            hamlets: $0.4, khmerPercent: $0.5, hoaPercent: $0.6, unsponsored: $0.7
        )
    }

    static let administrativeUnits: [AdministrativeUnitRecord] = [province] + districts + communes.map(\.unit)

    static func commune(_ code: String) -> Commune {
        communes.first { $0.unit.code == code }!
    }

    static func district(of commune: Commune) -> AdministrativeUnitRecord {
        districts.first { $0.code == commune.unit.parentCode }!
    }

    /// "xã Hiệp Thành", "phường Nhà Mát", "thành phố Bạc Liêu": the unit as written inside an address.
    static func written(_ unit: AdministrativeUnitRecord) -> String {
        let prefix: String
        switch unit.kind {
        case .commune: prefix = "xã"
        case .ward: prefix = "phường"
        case .townlet: prefix = "thị trấn"
        case .provincialCity, .municipalCity: prefix = "thành phố"
        case .town: prefix = "thị xã"
        case .urbanDistrict: prefix = "quận"
        case .ruralDistrict: prefix = "huyện"
        case .province: prefix = "tỉnh"
        case .municipality: prefix = "thành phố"
        case .specialZone: prefix = "đặc khu"
        }
        return "\(prefix) \(unit.name)"
    }
}
