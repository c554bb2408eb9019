/// One login per role, spread over two units (Hồng Dân and the city police) and two communes
/// (Hiệp Thành, Ninh Quới), so that scoping by unit and by area can be tried out.
enum DemoAccounts {
    static let all: [DemoAccount] = [
        ("admin", "Quản trị hệ thống", "administrator", nil, []),
        ("bcd.thanhtung", "Trần Thanh Tùng", "steeringCommittee", "CAT-BCD", []),
        ("hongdan.chihuy", "Lê Văn Cường", "unitLeader", "CAT-HD", []),
        ("hongdan.canbo", "Thạch Sa Rươl", "unitOfficer", "CAT-HD", []),
        ("tpbl.chihuy", "Huỳnh Minh Trí", "unitLeader", "CAT-TPBL", []),
        ("tpbl.canbo", "Nguyễn Thị Ngọc Hân", "unitOfficer", "CAT-TPBL", []),
        ("hiepthanh.ubnd", "Phạm Văn Lợi", "communeOfficial", nil, ["31840"]),
        ("ninhquoi.ubnd", "Võ Thị Thu Thảo", "communeOfficial", nil, ["31846"]),
        ("kiemtra", "Đặng Quốc Hưng", "auditor", nil, []),
    ].map { username, displayName, role, unit, communes in
        DemoAccount(
            username: username, displayName: displayName, password: "DongHanh@2024-\(username)",
            role: role, organisationUnitCode: unit, communeCodes: communes
        )
    }
}
