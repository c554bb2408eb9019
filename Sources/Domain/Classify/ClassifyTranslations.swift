// Texts of `donghanh classify`: where a household is wrong and why, beyond the format's own
// `issue.*` messages.
extension Translations {
    static let classifyEntries: [String: (vi: String, en: String)] = [
        "classify.error.household": ("Hộ {code} (thứ {number}), trường {field}: {problem}", "Household {code} (no. {number}), field {field}: {problem}"),
        "classify.error.householdWithoutCode": ("Hộ thứ {number}, trường {field}: {problem}", "Household no. {number}, field {field}: {problem}"),
        "classify.error.householdNumber": ("Hộ thứ {number}: {problem}", "Household no. {number}: {problem}"),
        "classify.error.position": ("Hộ thứ {number} (byte {offset}): {problem}", "Household no. {number} (byte {offset}): {problem}"),
        "classify.areaRequired": ("Bắt buộc khi phân loại (rural hoặc urban).", "Required to classify (rural or urban)."),
        "classify.surveyDateRequired": ("Bắt buộc khi không chỉ định chuẩn nghèo (--standard).", "Required unless a standard is named (--standard)."),
        "classify.noStandard": ("Ngày khảo sát {date} không thuộc chuẩn nghèo nào được hỗ trợ; hãy chỉ định chuẩn bằng --standard.", "The survey date {date} falls under no supported poverty standard; name one with --standard."),
        "classify.unknownStandard": ("Không có chuẩn nghèo mã {id}. Các chuẩn hiện có: {known}.", "No poverty standard has the id {id}. Known standards: {known}."),
        "classify.duplicateCode": ("Mã hộ này đã dùng cho hộ thứ {number}.", "This household code is already used by household no. {number}."),
        "classify.syntax.expectedCommaOrEnd": ("Cần dấu phẩy hoặc ']' sau một hộ.", "Expected ',' or ']' after a household."),
        "classify.syntax.expectedHousehold": ("Thiếu một hộ giữa hai dấu phẩy hoặc trước ']'.", "A household is missing between commas or before ']'."),
        "classify.syntax.unterminatedArray": ("Dữ liệu kết thúc khi mảng chưa đóng (thiếu ']').", "The input ends before the array is closed (missing ']')."),
        "classify.syntax.dataAfterArray": ("Có dữ liệu sau dấu ']' kết thúc mảng.", "Data after the ']' that closes the array."),
        "classify.syntax.recordTooLarge": ("Một hộ dài quá {maximum} byte (thiếu xuống dòng hoặc dấu ngoặc?).", "A household is longer than {maximum} bytes (a missing line break or bracket?)."),
    ]
}
