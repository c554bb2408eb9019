// Texts of the flat (CSV/XLSX) household format: headings the other tables lack, and what is
// wrong with a file, a heading or a cell, beyond the format's own `issue.*` messages.
extension Translations {
    static let tabularEntries: [String: (vi: String, en: String)] = [
        "csv.unterminatedQuote": ("Hàng {row}: dấu ngoặc kép mở ở dòng {line} của tệp không được đóng.", "Row {row}: the quote opened on line {line} of the file is never closed."),
        "csv.quoteInUnquotedField": ("Hàng {row} (dòng {line} của tệp): dấu ngoặc kép nằm giữa một ô không đặt trong ngoặc kép.", "Row {row} (line {line} of the file): a quote inside a field that is not quoted."),
        "csv.textAfterClosingQuote": ("Hàng {row} (dòng {line} của tệp): có ký tự sau dấu ngoặc kép đóng ô.", "Row {row} (line {line} of the file): text after the quote that closes a field."),
        "csv.invalidUTF8": ("Hàng {row} (dòng {line} của tệp): tệp không phải UTF-8; hãy lưu lại dưới dạng \"CSV UTF-8\".", "Row {row} (line {line} of the file): the file is not UTF-8; save it again as \"CSV UTF-8\"."),

        "sheet.households": ("Hộ gia đình", "Households"),
        "sheet.members": ("Thành viên", "Members"),
        "field.area": ("Khu vực", "Area"),
        "field.indicators.employment": ("B2: thiếu hụt việc làm", "B2: deprived of employment"),
        "field.indicators.dependents": ("B2: thiếu hụt về người phụ thuộc", "B2: deprived by dependants"),
        "field.indicators.nutrition": ("B2: thiếu hụt dinh dưỡng", "B2: deprived of nutrition"),
        "field.indicators.healthInsurance": ("B2: thiếu hụt bảo hiểm y tế", "B2: deprived of health insurance"),
        "field.indicators.adultEducation": ("B2: thiếu hụt trình độ giáo dục người lớn", "B2: deprived of adult education"),
        "field.indicators.childSchooling": ("B2: thiếu hụt tình trạng đi học của trẻ em", "B2: deprived of child schooling"),
        "field.indicators.housingQuality": ("B2: thiếu hụt chất lượng nhà ở", "B2: deprived of housing quality"),
        "field.indicators.housingArea": ("B2: thiếu hụt diện tích nhà ở", "B2: deprived of floor area"),
        "field.indicators.water": ("B2: thiếu hụt nguồn nước sinh hoạt", "B2: deprived of drinking water"),
        "field.indicators.latrine": ("B2: thiếu hụt nhà tiêu hợp vệ sinh", "B2: deprived of a hygienic latrine"),
        "field.indicators.telecom": ("B2: thiếu hụt dịch vụ viễn thông", "B2: deprived of telecommunication"),
        "field.indicators.informationAccess": ("B2: thiếu hụt phương tiện tiếp cận thông tin", "B2: deprived of access to information"),
        "field.indicators.waste": ("B2: thiếu hụt thu gom rác thải", "B2: deprived of waste collection"),
        "value.noneOfList": ("Không có", "None"),

        "tabular.unknownHeading": ("Cột {letter} có tiêu đề \"{heading}\" không thuộc mẫu.", "Column {letter}, headed \"{heading}\", is not a column of the template."),
        "tabular.mappedToUnknownColumn": ("Bảng đối chiếu đưa cột {letter} (\"{heading}\") về \"{key}\", không phải cột nào của mẫu.", "The mapping sends column {letter} (\"{heading}\") to \"{key}\", which is no column of the template."),
        "tabular.duplicateColumn": ("Cột {letter} (\"{heading}\") trùng với cột {first}.", "Column {letter} (\"{heading}\") repeats column {first}."),
        "tabular.missingColumn": ("Thiếu cột \"{heading}\" ({key}).", "The column \"{heading}\" ({key}) is missing."),
        "tabular.cellWithoutHeading": ("Cột {letter} có dữ liệu nhưng không có tiêu đề.", "Column {letter} holds data but has no heading."),
        "tabular.duplicateCode": ("Mã hộ này đã có ở hàng {row}.", "This household code is already in row {row}."),
        "tabular.memberWithoutHousehold": ("Không có hộ nào mã \"{code}\" trong bảng {sheet}.", "No household has the code \"{code}\" in the sheet {sheet}."),
        "tabular.notANumber": ("Cần một số, ví dụ 24,5.", "Must be a number, e.g. 24.5."),
        "tabular.ambiguousNumber": ("Không rõ dấu phân cách là thập phân hay hàng nghìn; viết 24,125 (thập phân) hoặc 24125.", "Unclear whether the separator marks decimals or thousands; write 24,125 (a decimal) or 24125."),
        "tabular.notABoolean": ("Cần Có hoặc Không (hoặc true/false, 1/0).", "Must be Có or Không (yes or no; or true/false, 1/0)."),
        "tabular.notInList": ("Không phải giá trị của cột này; dùng một trong: {labels} (hoặc mã: {codes}).", "Not a value of this column; use one of: {labels} (or the codes: {codes})."),
        "tabular.issue": ("Bảng {sheet}, hàng {row}, cột {letter} ({column}): {problem}", "Sheet {sheet}, row {row}, column {letter} ({column}): {problem}"),
        "tabular.rowIssue": ("Bảng {sheet}, hàng {row}: {problem}", "Sheet {sheet}, row {row}: {problem}"),
    ]
}
