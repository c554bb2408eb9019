/// What a unit of a sponsoring body can do for a household or a campaign. Generic on purpose:
/// an army unit, a bank branch or the Youth Union has the same kinds of capability as a police
/// department (`domain.md` §1: the product must not hard-code "police").
public enum UnitFunction: String, CaseIterable, Codable, Sendable {
    /// Directs the campaign: targets, pilot communes, quotas, assignment decisions.
    case steering
    /// Staff work: plans, reports, records.
    case administration
    /// Goods, transport and supplies (rice, gifts, production tools).
    case logistics
    /// Funds: collects contributions, pays out support, keeps the accounts.
    case finance
    /// Builds or repairs houses, latrines, bridges and rural roads.
    case construction
    /// Trains household members in a trade.
    case vocationalTraining
    /// Finds jobs for household members.
    case jobReferral
    /// Medical care, health checks, health-insurance cards.
    case healthcare
    /// Advice on crops, livestock and aquaculture.
    case agricultureAdvice
    /// Outreach and mobilisation: meetings, campaigns, benefactors.
    case outreach
    /// Answers for a territory (a district or commune unit), so it can visit its households often.
    case localUnit
    /// Road traffic: road-safety teaching, helmets, help with vehicles and licences.
    case traffic
    /// Public security and order in the household's area.
    case security
}

/// One unit of the sponsoring organisation's tree, as the demo seeds it.
public struct OrganisationUnitSeed: Equatable, Sendable {
    /// Short ASCII code: "CAT-PH10".
    public var code: String
    public var name: String
    public var parentCode: String?
    public var functions: [UnitFunction]

    public init(code: String, name: String, parentCode: String?, functions: [UnitFunction]) {
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.functions = functions
    }
}

/// The Bạc Liêu provincial police as the article describes it: a steering committee, the
/// provincial departments, the seven district-level police units and two commune police units.
enum DemoOrganisation {
    static let root = "CAT"
    static let steering = "CAT-BCD"

    static let units: [OrganisationUnitSeed] = [
        .init(code: root, name: "Công an tỉnh Bạc Liêu", parentCode: nil, functions: [.administration, .security]),
        .init(code: steering, name: "Ban chỉ đạo giảm nghèo Công an tỉnh", parentCode: root, functions: [.steering]),
        .init(code: "CAT-PV01", name: "Phòng Tham mưu", parentCode: root, functions: [.administration]),
        .init(code: "CAT-PH10", name: "Phòng Hậu cần", parentCode: root, functions: [.logistics, .finance, .construction]),
        .init(code: "CAT-PH10-BX", name: "Bệnh xá Công an tỉnh", parentCode: "CAT-PH10", functions: [.healthcare]),
        .init(code: "CAT-PC08", name: "Phòng Cảnh sát giao thông", parentCode: root, functions: [.traffic]),
        .init(
            code: "CAT-PC06", name: "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
            parentCode: root, functions: [.security, .administration]
        ),
        .init(
            code: "CAT-PV05", name: "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc",
            parentCode: root, functions: [.outreach]
        ),
        .init(
            code: "CAT-PX03", name: "Phòng Công tác Đảng và công tác chính trị",
            parentCode: root, functions: [.outreach, .vocationalTraining]
        ),
        .init(code: "CAT-TPBL", name: "Công an thành phố Bạc Liêu", parentCode: root, functions: [.localUnit, .security]),
        .init(code: "CAT-TPBL-HT", name: "Công an xã Hiệp Thành", parentCode: "CAT-TPBL", functions: [.localUnit, .security]),
        .init(code: "CAT-HD", name: "Công an huyện Hồng Dân", parentCode: root, functions: [.localUnit, .security]),
        .init(code: "CAT-HD-NQ", name: "Công an xã Ninh Quới", parentCode: "CAT-HD", functions: [.localUnit, .security]),
        .init(code: "CAT-PL", name: "Công an huyện Phước Long", parentCode: root, functions: [.localUnit, .security]),
        .init(code: "CAT-VL", name: "Công an huyện Vĩnh Lợi", parentCode: root, functions: [.localUnit, .security]),
        .init(code: "CAT-GR", name: "Công an thị xã Giá Rai", parentCode: root, functions: [.localUnit, .security]),
        .init(code: "CAT-DH", name: "Công an huyện Đông Hải", parentCode: root, functions: [.localUnit, .security]),
        .init(code: "CAT-HB", name: "Công an huyện Hòa Bình", parentCode: root, functions: [.localUnit, .security]),
    ]

    /// How many households each unit sponsors in each commune: 115 in all (the article's figure).
    /// District units work in their own district; departments mostly in Hiệp Thành, the pilot commune.
    static let quotas: [(unit: String, commune: String, households: Int)] = [
        ("CAT-TPBL", "31840", 7), ("CAT-TPBL", "31834", 4), ("CAT-TPBL", "31837", 3), ("CAT-TPBL", "31831", 2),
        ("CAT-TPBL-HT", "31840", 3),
        ("CAT-HD", "31846", 4), ("CAT-HD", "31849", 4), ("CAT-HD", "31852", 3), ("CAT-HD", "31855", 3),
        ("CAT-HD", "31858", 3), ("CAT-HD", "31843", 2),
        ("CAT-HD-NQ", "31846", 2),
        ("CAT-PL", "31870", 5), ("CAT-PL", "31876", 5),
        ("CAT-VL", "31894", 6), ("CAT-VL", "31906", 5),
        ("CAT-GR", "31948", 5), ("CAT-GR", "31957", 5), ("CAT-GR", "31945", 2),
        ("CAT-DH", "31975", 6), ("CAT-DH", "31987", 5),
        ("CAT-HB", "31915", 5), ("CAT-HB", "31918", 4), ("CAT-HB", "31891", 2),
        ("CAT-PH10", "31840", 5),
        ("CAT-PV01", "31840", 3),
        ("CAT-PC08", "31840", 2), ("CAT-PC08", "31834", 1),
        ("CAT-PC06", "31846", 2), ("CAT-PC06", "31855", 1),
        ("CAT-PV05", "31840", 3), ("CAT-PV05", "31894", 1),
        ("CAT-PX03", "31915", 2),
    ]
}
