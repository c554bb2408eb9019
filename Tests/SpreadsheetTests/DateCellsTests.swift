import Foundation
import Testing
@testable import Spreadsheet

struct DateCellsTests {
    @Test(arguments: [
        (1, utcDate(1900, 1, 1)), (59, utcDate(1900, 2, 28)), (61, utcDate(1900, 3, 1)), (45351.5625, utcDate(2024, 2, 29, 13, 30)),
    ] as [(Double, Date)])
    func serialsOfThe1900System(serial: Double, date: Date) {
        #expect(DateSystem.system1900.date(fromSerial: serial) == date)
        #expect(DateSystem.system1900.serial(from: date) == serial)
    }

    @Test(arguments: [
        (14, nil, true), (22, nil, true), (0, nil, false), (49, nil, false), (164, "dd/mm/yyyy", true), (165, "[$-42A]d mmmm yyyy;@", true),
        (166, "yyyy", true), (167, "h:mm", true), (168, "General", false), (169, #"#,##0 "đồng""#, false), (170, "[Red]0.00", false),
        (171, #"0.00_);\(0.00\)"#, false), (172, "* #,##0", false), (14, "0.00", false),
    ] as [(Int, String?, Bool)])
    func datesAreTheFormatsWithDayMonthOrYear(id: Int, code: String?, isDate: Bool) {
        #expect(DateFormatDetector.isDateFormat(id: id, code: code) == isDate)
    }
}
