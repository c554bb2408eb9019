// Texts of the flat (CSV/XLSX) household format: what is wrong with a file.
extension Translations {
    static let tabularEntries: [String: (vi: String, en: String)] = [
        "csv.unterminatedQuote": ("Hàng {row}: dấu ngoặc kép mở ở dòng {line} của tệp không được đóng.", "Row {row}: the quote opened on line {line} of the file is never closed."),
        "csv.quoteInUnquotedField": ("Hàng {row} (dòng {line} của tệp): dấu ngoặc kép nằm giữa một ô không đặt trong ngoặc kép.", "Row {row} (line {line} of the file): a quote inside a field that is not quoted."),
        "csv.textAfterClosingQuote": ("Hàng {row} (dòng {line} của tệp): có ký tự sau dấu ngoặc kép đóng ô.", "Row {row} (line {line} of the file): text after the quote that closes a field."),
        "csv.invalidUTF8": ("Hàng {row} (dòng {line} của tệp): tệp không phải UTF-8; hãy lưu lại dưới dạng \"CSV UTF-8\".", "Row {row} (line {line} of the file): the file is not UTF-8; save it again as \"CSV UTF-8\"."),
    ]
}
