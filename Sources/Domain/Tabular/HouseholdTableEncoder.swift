/// Writes households as the two tables of the flat form, cells typed (numbers as numbers, dates
/// as dates) for XLSX; `CSVWriter` turns them into text. What `HouseholdTableDecoder` reads back.
public enum HouseholdTableEncoder {
    public struct Options: Sendable, Equatable {
        public enum Headings: Sendable, Equatable {
            /// `income_per_capita_monthly`; sheets named `households`, `members`.
            case keys
            /// The template's Vietnamese headings and sheet names.
            case vietnamese
        }

        public enum Values: Sendable, Equatable {
            /// `male`, `tv;smartphone`; yes/no as boolean cells (`true`/`false` in CSV).
            case codes
            /// The Vietnamese labels: Nam, Tivi;Điện thoại thông minh, Có / Không.
            case labels
        }

        public var headings: Headings
        public var values: Values
        /// False leaves out the columns of sensitive personal data (`HouseholdColumn.isSensitive`).
        public var includeSensitive: Bool

        public init(headings: Headings = .keys, values: Values = .codes, includeSensitive: Bool = true) {
            self.headings = headings
            self.values = values
            self.includeSensitive = includeSensitive
        }

        /// As the XLSX template shows households: Vietnamese headings and labels.
        public static let template = Options(headings: .vietnamese, values: .labels)
    }

    /// The columns of `table` that `options` writes, in order.
    public static func columns(of table: HouseholdTable, options: Options) -> [HouseholdColumn] {
        table.columns.filter { options.includeSensitive || !$0.isSensitive }
    }

    public static func encode(_ records: [HouseholdRecord], options: Options = .init()) -> (households: TableSheet, members: TableSheet) {
        encode(records, households: true, members: true, options: options)
    }

    /// One of the two tables, the other not written.
    public static func encode(_ records: [HouseholdRecord], table: HouseholdTable, options: Options = .init()) -> TableSheet {
        let tables = encode(records, households: table == .households, members: table == .members, options: options)
        return table == .households ? tables.households : tables.members
    }

    /// A table not written keeps its header, without rows.
    private static func encode(
        _ records: [HouseholdRecord], households writesHouseholds: Bool, members writesMembers: Bool, options: Options
    ) -> (households: TableSheet, members: TableSheet) {
        let householdColumns = columns(of: .households, options: options)
        let memberColumns = columns(of: .members, options: options)
        var households = emptySheet(.households, householdColumns, options)
        var members = emptySheet(.members, memberColumns, options)
        for record in records {
            guard case let .object(fields) = HouseholdJSON.encode(record) else { continue }
            let json = JSONValue.object(fields)
            if writesHouseholds {
                households.rows.append(TableRow(number: households.headerRow + households.rows.count + 1, cells: householdColumns.map { column in
                    let object = column.jsonObject.map { json[$0] } ?? json
                    return cell(object?[column.jsonKey], column.kind, options.values)
                }))
            }
            guard writesMembers, case let .array(memberValues)? = json["members"] else { continue }
            for member in memberValues {
                members.rows.append(TableRow(number: members.headerRow + members.rows.count + 1, cells: memberColumns.map { column in
                    column.path.isEmpty ? .text(record.code) : cell(member[column.jsonKey], column.kind, options.values)
                }))
            }
        }
        return (households, members)
    }

    private static func emptySheet(_ table: HouseholdTable, _ columns: [HouseholdColumn], _ options: Options) -> TableSheet {
        switch options.headings {
        case .keys:
            return TableSheet(name: table.rawValue, header: columns.map { .text($0.key) })
        case .vietnamese:
            return TableSheet(
                name: Translations.text(table.nameKey, in: .vi),
                header: columns.map { .text(Translations.text($0.headingKey, in: .vi)) })
        }
    }

    private static func cell(_ value: JSONValue?, _ kind: HouseholdColumn.Kind, _ values: Options.Values) -> TableCell {
        switch (value, kind) {
        case (nil, _), (.null?, _):
            return .empty
        case let (.bool(flag)?, _):
            return values == .codes ? .bool(flag) : .text(Translations.text(flag ? "value.yes" : "value.no", in: .vi))
        case let (.number(text)?, _):
            return Double(text).map(TableCell.number) ?? .text(text)
        case let (.string(text)?, .date):
            return LocalDate(iso: text).map(TableCell.date) ?? .text(text)
        case let (.string(code)?, .code(_, labelPrefix)):
            return .text(word(code, labelPrefix, values))
        case let (.array(items)?, .codeList(_, labelPrefix)):
            let codes = items.compactMap { item -> String? in if case let .string(code) = item { code } else { nil } }
            guard !codes.isEmpty else {
                return .text(values == .codes ? ColumnReader.emptyListCode : Translations.text("value.noneOfList", in: .vi))
            }
            return .text(codes.map { word($0, labelPrefix, values) }.joined(separator: ";"))
        case let (.string(text)?, _):
            return .text(text)
        case let (value?, _):
            return .text(value.serialized)
        }
    }

    private static func word(_ code: String, _ labelPrefix: String, _ values: Options.Values) -> String {
        values == .codes ? code : Translations.text("\(labelPrefix).\(code)", in: .vi)
    }
}
