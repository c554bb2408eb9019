/// The 54 officially recognised ethnic groups of Viet Nam (General Statistics Office list,
/// Decision 121-TCTK/PPCĐ), with the common alternative spellings officials write.
public enum EthnicGroups {
    public static let names: [String] = [
        "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
        "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông",
        "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co",
        "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá", "La Hủ", "La Ha",
        "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao", "Bố Y", "Cống", "Si La",
        "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
    ]

    private static let aliases: [String: String] = [
        "khơ me": "Khmer", "khơ-me": "Khmer", "h'mông": "Mông", "hmông": "Mông", "ê-đê": "Ê Đê",
        "ba-na": "Ba Na", "stiêng": "Xtiêng", "khơ-mú": "Khơ Mú", "bru-vân kiều": "Bru - Vân Kiều",
        "vân kiều": "Bru - Vân Kiều", "giẻ-triêng": "Giẻ Triêng", "ra-glai": "Ra Glai",
        "gia-rai": "Gia Rai", "xơ-đăng": "Xơ Đăng", "cơ-ho": "Cơ Ho", "cơ-tu": "Cơ Tu",
    ]

    private static let byFoldedName: [String: String] = {
        var table: [String: String] = [:]
        for name in names { table[VietnameseText.fold(name)] = name }
        for (alias, name) in aliases { table[VietnameseText.fold(alias)] = name }
        return table
    }()

    /// The official spelling of a group typed in any case, with or without diacritics
    /// ("khmer", "Khơ-me", "kinh"); nil when no group matches.
    public static func canonical(_ text: String) -> String? {
        // Most files spell the name officially: skip folding for them.
        if exactNames.contains(text) { return text }
        return byFoldedName[VietnameseText.fold(text)]
    }

    private static let exactNames = Set(names)

    /// Whether some group is spelled `text` (`canonical(text) != nil`). An official spelling is
    /// recognised by its bytes, without hashing or normalizing the string.
    public static func isKnown(_ text: String) -> Bool {
        text.withUTF8Bytes(isOfficialSpelling) || canonical(text) != nil
    }

    /// Whether these UTF-8 bytes are the official spelling of a group.
    static func isOfficialSpelling(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count < officialSpellingsByLength.count
            && officialSpellingsByLength[bytes.count].contains { $0.elementsEqual(bytes) }
    }

    /// The UTF-8 bytes of `names`, by their count.
    private static let officialSpellingsByLength: [[[UInt8]]] = {
        let spellings = names.map { Array($0.utf8) }
        var byLength = [[[UInt8]]](repeating: [], count: (spellings.map(\.count).max() ?? 0) + 1)
        for spelling in spellings { byLength[spelling.count].append(spelling) }
        return byLength
    }()
}
