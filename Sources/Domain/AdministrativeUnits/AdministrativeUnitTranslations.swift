extension Translations {
    /// Texts of `AdministrativeUnitListError.message`, to be merged into `table`.
    static let administrativeUnitEntries: [String: (vi: String, en: String)] = [
        "units.notJSON": (
            vi: "Tệp không phải JSON hợp lệ (byte {offset}: {reason}).",
            en: "The file is not valid JSON (byte {offset}: {reason})."
        ),
        "units.unknownFormat": (
            vi: "Không nhận ra định dạng: cần một mảng JSON các tỉnh, mỗi tỉnh có “District” (danh mục trước sắp xếp năm 2025) hoặc “Wards” (sau sắp xếp).",
            en: "Unknown format: expected a JSON array of provinces, each with “District” (list before the 2025 reform) or “Wards” (after it)."
        ),
        "units.missingField": (
            vi: "{path}: thiếu trường bắt buộc.",
            en: "{path}: required field is missing."
        ),
        "units.wrongType": (
            vi: "{path}: cần kiểu {expected} nhưng gặp {found}.",
            en: "{path}: expected {expected}, found {found}."
        ),
        "units.emptyField": (
            vi: "{path}: không được để trống.",
            en: "{path}: must not be empty."
        ),
        "units.badCode": (
            vi: "{path}: mã “{code}” phải gồm đúng {digits} chữ số.",
            en: "{path}: code “{code}” must be exactly {digits} digits."
        ),
        "units.duplicateCode": (
            vi: "{path}: mã {code} đã được dùng tại {firstPath}.",
            en: "{path}: code {code} is already used at {firstPath}."
        ),
        "units.unknownKind": (
            vi: "{path}: không nhận ra loại đơn vị “{text}” (cần một trong: {expected}).",
            en: "{path}: unknown kind of unit “{text}” (expected one of: {expected})."
        ),
        "units.parentMismatch": (
            vi: "{path}: ghi {found} nhưng đơn vị nằm trong {expected}.",
            en: "{path}: says {found}, but the unit is listed under {expected}."
        ),
    ]
}
