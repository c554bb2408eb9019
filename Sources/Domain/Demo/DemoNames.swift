/// The three ethnic groups of the demo households, with the names and religions usual among
/// them in Bạc Liêu. Names are họ + đệm + tên; for Khmer people the given part often has two
/// or more syllables ("Thạch Sa Rươl", "Sơn Thị Sa Vy").
enum DemoEthnicGroup {
    case kinh, khmer, hoa

    /// The official name of the group (one of the 54).
    var name: String {
        switch self {
        case .kinh: return "Kinh"
        case .khmer: return "Khmer"
        case .hoa: return "Hoa"
        }
    }

    var familyNames: [(String, Int)] {
        switch self {
        case .kinh:
            return [
                ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 6), ("Võ", 5), ("Phan", 4),
                ("Đặng", 3), ("Bùi", 2), ("Dương", 2), ("Lâm", 2), ("Ngô", 2), ("Đỗ", 2), ("Hồ", 2),
                ("Trương", 2), ("Đoàn", 1), ("Tô", 1), ("Cao", 1), ("Mai", 1), ("Châu", 1), ("La", 1),
            ]
        case .khmer:
            return [("Thạch", 30), ("Sơn", 22), ("Danh", 14), ("Kim", 10), ("Lý", 8), ("Châu", 6), ("Trần", 4), ("Lâm", 4)]
        case .hoa:
            return [("Lý", 20), ("Trương", 15), ("Quách", 15), ("Tăng", 12), ("Lưu", 12), ("Huỳnh", 12), ("Tạ", 6), ("Diệp", 4), ("Mã", 4)]
        }
    }

    /// Religion as people declare it; "none" for none (`household-format.md`).
    func religion(_ random: inout DemoRandom) -> String {
        switch self {
        case .kinh:
            return random.weighted([("none", 62), ("Phật giáo", 22), ("Cao Đài", 8), ("Công giáo", 8)])
        case .khmer:
            return random.weighted([("Phật giáo Nam tông Khmer", 92), ("none", 8)])
        case .hoa:
            return random.weighted([("Phật giáo", 50), ("none", 45), ("Công giáo", 5)])
        }
    }

    /// Everything after the family name. People born from 1985 get the more varied names of
    /// their generation.
    func givenName(sex: Sex, bornIn year: Int, _ random: inout DemoRandom) -> String {
        let young = year >= 1985
        let table = DemoNames.given[self]!
        let names = sex == .male ? table.male : table.female
        let middles = sex == .male ? table.maleMiddle : table.femaleMiddle
        let given = random.pick(names.common + (young ? names.young : []))
        // A Khmer given name carries its own structure; most others take a middle name.
        if given.contains(" ") { return given }
        return random.pick(middles.common + (young ? middles.young : [])) + " " + given
    }
}

enum DemoNames {
    struct Pool {
        var common: [String]
        /// Added for people born from 1985.
        var young: [String]
    }

    struct Table {
        var maleMiddle: Pool
        var femaleMiddle: Pool
        var male: Pool
        var female: Pool
    }

    static let given: [DemoEthnicGroup: Table] = [
        .kinh: Table(
            maleMiddle: Pool(
                common: ["Văn", "Văn", "Văn", "Văn", "Văn", "Minh", "Thanh", "Hữu", "Quốc", "Công"],
                young: ["Minh", "Hoàng", "Quốc", "Gia", "Thành", "Tuấn", "Nhật", "Đức", "Anh"]
            ),
            femaleMiddle: Pool(
                common: ["Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Hồng"],
                young: ["Ngọc", "Ngọc", "Bảo", "Mỹ", "Thảo", "Yến", "Gia", "Kim"]
            ),
            male: Pool(
                common: [
                    "An", "Bình", "Cường", "Dũng", "Đức", "Em", "Hải", "Hậu", "Hiếu", "Hòa", "Hùng", "Hưng", "Khánh",
                    "Kiệt", "Lộc", "Lợi", "Luân", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Phước", "Quang",
                    "Sang", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Thiện", "Tín", "Toàn", "Trí", "Trung", "Tuấn",
                    "Út", "Vinh", "Vũ",
                ],
                young: ["Khang", "Khoa", "Huy", "Bảo", "Duy", "Phát", "Nguyên", "Khôi", "Thịnh", "Quân"]
            ),
            female: Pool(
                common: [
                    "Anh", "Bé", "Bích", "Cúc", "Diễm", "Dung", "Em", "Hà", "Hạnh", "Hằng", "Hoa", "Hồng", "Hương",
                    "Kiều", "Lài", "Lan", "Lệ", "Liên", "Linh", "Loan", "Mai", "Mơ", "My", "Nga", "Ngân", "Nhung",
                    "Oanh", "Phượng", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Tuyết", "Út", "Vân", "Xuân", "Yến",
                ],
                young: ["Nhi", "Như", "Quyên", "Trâm", "Vy", "Hân", "Thư", "Uyên", "Tiên"]
            )
        ),
        .khmer: Table(
            maleMiddle: Pool(common: ["Văn"], young: []),
            femaleMiddle: Pool(common: ["Thị"], young: []),
            male: Pool(
                common: [
                    "Sa Rươl", "Sóc Khol", "Sà Phol", "Sa Vêl", "Sóc Khanh", "Ri Tha", "Sa Rinh", "Chanh Đa",
                    "Sóc Ni", "Na Ry", "Sà Mol", "Chanh Thi", "Ươl", "Mách", "Hùng", "Tư", "Sáu", "Hên",
                ],
                young: ["Minh Tuấn", "Hoàng Phúc", "Sa Vương", "Rô Ni", "Chanh Ra", "Khải", "Tài"]
            ),
            female: Pool(
                common: [
                    "Thị Sa Vy", "Thị Sa Ry", "Thị Sóc Kha", "Thị Sà Rươne", "Thị Chanh Thu", "Thị Sa Rát",
                    "Thị Sô Phia", "Thị Sà Phin", "Thị Sóc Thia", "Thị Mum", "Mỹ", "Nhung", "Mai", "Kha",
                ],
                young: ["Thị Kim Ngân", "Thị Sa Ly", "Ngọc Hân", "Thị Mỹ Linh", "Thị Sô Kha", "Linh"]
            )
        ),
        .hoa: Table(
            maleMiddle: Pool(common: ["Văn", "Quốc", "Chí", "Gia", "Kiến"], young: ["Minh", "Gia"]),
            femaleMiddle: Pool(common: ["Thị", "Mỹ", "Ngọc", "Tú", "Huệ"], young: ["Mỹ", "Bội"]),
            male: Pool(
                common: ["Phát", "Tài", "Hưng", "Cường", "Quang", "Minh", "Khải", "Huy", "Thông", "Vĩnh", "Xương", "Sáng", "Lộc"],
                young: ["Kiệt", "Hào", "Khang"]
            ),
            female: Pool(
                common: ["Linh", "Lệ", "Phương", "Quyên", "Huệ", "Mẫn", "Mai", "Ánh", "Châu", "Hoa", "Lan", "Phụng"],
                young: ["Nhi", "Tuệ", "Hân"]
            )
        ),
    ]
}
