import Foundation
import Testing
@testable import Domain

@Suite struct VietnameseFormatTests {
    // MARK: Numbers

    @Test func integersUseDotThousandsInVietnameseAndCommasInEnglish() {
        #expect(VietnameseFormat.integer(1_500_000, in: .vi) == "1.500.000")
        #expect(VietnameseFormat.integer(1_500_000, in: .en) == "1,500,000")
        #expect(VietnameseFormat.integer(0, in: .vi) == "0")
        #expect(VietnameseFormat.integer(999, in: .vi) == "999")
        #expect(VietnameseFormat.integer(1000, in: .vi) == "1.000")
        #expect(VietnameseFormat.integer(100_000, in: .vi) == "100.000")
        #expect(VietnameseFormat.integer(-1500, in: .vi) == "-1.500")
        #expect(VietnameseFormat.integer(-999, in: .en) == "-999")
        #expect(VietnameseFormat.integer(Int.min, in: .vi) == "-9.223.372.036.854.775.808")
    }

    @Test func decimalsUseCommaInVietnamese() {
        #expect(VietnameseFormat.decimal(99.1, fractionDigits: 1, in: .vi) == "99,1")
        #expect(VietnameseFormat.decimal(99.1, fractionDigits: 1, in: .en) == "99.1")
        #expect(VietnameseFormat.decimal(99.1, fractionDigits: 2, in: .vi) == "99,10")
        #expect(VietnameseFormat.decimal(1234.5, fractionDigits: 1, in: .vi) == "1.234,5")
        #expect(VietnameseFormat.decimal(1234.5, fractionDigits: 1, in: .en) == "1,234.5")
        #expect(VietnameseFormat.decimal(0, fractionDigits: 2, in: .vi) == "0,00")
        #expect(VietnameseFormat.decimal(-24.5, fractionDigits: 1, in: .vi) == "-24,5")
        #expect(VietnameseFormat.decimal(2.5, fractionDigits: 0, in: .vi) == "3")
        #expect(VietnameseFormat.decimal(0.07, fractionDigits: 3, in: .vi) == "0,070")
    }

    @Test func decimalsRoundHalfAwayFromZeroOnTheWrittenNumber() {
        #expect(VietnameseFormat.decimal(1.005, fractionDigits: 2, in: .vi) == "1,01")
        #expect(VietnameseFormat.decimal(-1.005, fractionDigits: 2, in: .vi) == "-1,01")
        #expect(VietnameseFormat.decimal(0.05, fractionDigits: 1, in: .vi) == "0,1")
        #expect(VietnameseFormat.decimal(99.94, fractionDigits: 1, in: .vi) == "99,9")
        #expect(VietnameseFormat.decimal(99.96, fractionDigits: 1, in: .vi) == "100,0")
        #expect(VietnameseFormat.decimal(1e-5, fractionDigits: 4, in: .vi) == "0,0000")
        #expect(VietnameseFormat.decimal(5e-5, fractionDigits: 4, in: .vi) == "0,0001")
        #expect(VietnameseFormat.decimal(-0.04, fractionDigits: 1, in: .vi) == "0,0")
    }

    @Test func decimalsOutsideTheIntRangeFallBack() {
        #expect(VietnameseFormat.decimal(.infinity, fractionDigits: 1, in: .vi) == "inf")
        #expect(VietnameseFormat.decimal(1e20, fractionDigits: 1, in: .vi) == "1e+20")
    }

    @Test func percentages() {
        #expect(VietnameseFormat.percent(99.1, in: .vi) == "99,1 %")
        #expect(VietnameseFormat.percent(99.1, in: .en) == "99.1%")
        #expect(VietnameseFormat.percent(4.25, fractionDigits: 2, in: .vi) == "4,25 %")
        #expect(VietnameseFormat.percent(0, fractionDigits: 0, in: .vi) == "0 %")
    }

    // MARK: Money

    @Test func moneyInFull() {
        #expect(VietnameseFormat.money(625_000_000, in: .vi) == "625.000.000 đồng")
        #expect(VietnameseFormat.money(625_000_000, in: .en) == "625,000,000 VND")
        #expect(VietnameseFormat.money(0, in: .vi) == "0 đồng")
        #expect(VietnameseFormat.money(-50_000, in: .vi) == "-50.000 đồng")
    }

    @Test func moneyInMillionsAndBillions() {
        #expect(VietnameseFormat.moneyShort(625_000_000, in: .vi) == "625 triệu đồng")
        #expect(VietnameseFormat.moneyShort(625_000_000, in: .en) == "625 million VND")
        #expect(VietnameseFormat.moneyShort(1_200_000_000, in: .vi) == "1,2 tỷ đồng")
        #expect(VietnameseFormat.moneyShort(1_200_000_000, in: .en) == "1.2 billion VND")
        #expect(VietnameseFormat.moneyShort(1_000_000, in: .vi) == "1 triệu đồng")
        #expect(VietnameseFormat.moneyShort(1_500_000_000_000, in: .vi) == "1.500 tỷ đồng")
        #expect(VietnameseFormat.moneyShort(-2_500_000, in: .vi) == "-2,5 triệu đồng")
    }

    @Test func shortMoneyRounding() {
        #expect(VietnameseFormat.moneyShort(1_250_000_000, in: .vi) == "1,3 tỷ đồng")
        #expect(VietnameseFormat.moneyShort(1_249_999_999, in: .vi) == "1,2 tỷ đồng")
        #expect(VietnameseFormat.moneyShort(1_049_999, in: .vi) == "1 triệu đồng")
        #expect(VietnameseFormat.moneyShort(999_949_999, in: .vi) == "999,9 triệu đồng")
        #expect(VietnameseFormat.moneyShort(999_950_000, in: .vi) == "1 tỷ đồng")
    }

    @Test func shortMoneyBelowAMillionIsInFull() {
        #expect(VietnameseFormat.moneyShort(999_999, in: .vi) == "999.999 đồng")
        #expect(VietnameseFormat.moneyShort(0, in: .en) == "0 VND")
    }

    // MARK: Dates

    @Test func datesAreDayMonthYear() throws {
        let date = try #require(LocalDate(year: 2022, month: 1, day: 18))
        #expect(VietnameseFormat.date(date) == "18/01/2022")
        #expect(VietnameseFormat.date(try #require(LocalDate(year: 987, month: 12, day: 5))) == "05/12/0987")
    }

    @Test func formalDatesFollowDecree30() throws {
        let january = try #require(LocalDate(year: 2022, month: 1, day: 18))
        #expect(VietnameseFormat.formalDate(january, in: .vi) == "ngày 18 tháng 01 năm 2022")
        #expect(VietnameseFormat.formalDate(january, in: .en) == "18 January 2022")
        let march = try #require(LocalDate(year: 2022, month: 3, day: 5))
        #expect(VietnameseFormat.formalDate(march, in: .vi) == "ngày 05 tháng 3 năm 2022")
        #expect(VietnameseFormat.formalDate(march, in: .en) == "5 March 2022")
        let december = try #require(LocalDate(year: 2025, month: 12, day: 30))
        #expect(VietnameseFormat.formalDate(december, in: .vi) == "ngày 30 tháng 12 năm 2025")
    }

    @Test func timestampsAreInVietnamTime() {
        // 2026-11-26T07:05:00Z
        #expect(VietnameseFormat.timestamp(Date(timeIntervalSince1970: 1_795_676_700)) == "26/11/2026 14:05")
        // 17:00 UTC is already the next day in Vietnam.
        #expect(VietnameseFormat.timestamp(Date(timeIntervalSince1970: 1_795_712_400)) == "27/11/2026 00:00")
        #expect(VietnameseFormat.timestamp(Date(timeIntervalSince1970: 1_795_712_399.9)) == "26/11/2026 23:59")
        #expect(VietnameseFormat.timestamp(Date(timeIntervalSince1970: 0)) == "01/01/1970 07:00")
        #expect(VietnameseFormat.timestamp(Date(timeIntervalSince1970: -25_201)) == "31/12/1969 23:59")
    }

    @Test func fixedOffsetAgreesWithTheTimeZoneDatabase() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Ho_Chi_Minh"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        for seconds in stride(from: 200_000_000.0, to: 2_000_000_000, by: 12_345_678.9) {
            let instant = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
            let expected = String(format: "%02d/%02d/%04d %02d:%02d",
                                  parts.day!, parts.month!, parts.year!, parts.hour!, parts.minute!)
            #expect(VietnameseFormat.timestamp(instant) == expected)
        }
    }

    // MARK: Parsing

    @Test func parsesIntegers() {
        #expect(VietnameseFormat.parseInteger("1.500.000") == 1_500_000)
        #expect(VietnameseFormat.parseInteger("1500000") == 1_500_000)
        #expect(VietnameseFormat.parseInteger("1 500 000") == 1_500_000)
        #expect(VietnameseFormat.parseInteger("1\u{00A0}500") == 1500)
        #expect(VietnameseFormat.parseInteger(" -1.000 ") == -1000)
        #expect(VietnameseFormat.parseInteger("+42") == 42)
        #expect(VietnameseFormat.parseInteger("0") == 0)
        #expect(VietnameseFormat.parseInteger("999") == 999)
        #expect(VietnameseFormat.parseInteger("007") == 7)
        #expect(VietnameseFormat.parseInteger("9.223.372.036.854.775.807") == Int.max)
    }

    @Test func rejectsMalformedIntegers() {
        for text in ["", " ", "-", "abc", "12a", "1.5", "1.50.000", "1.5000", "1..500", ".500", "1.500.",
                     "0.500", "1,500", "1.500 000", "1  500", "1e5", "- 5", "9.223.372.036.854.775.808", "١٢"] {
            #expect(VietnameseFormat.parseInteger(text) == nil, "\(text)")
        }
    }

    @Test func parsesDecimals() {
        #expect(VietnameseFormat.parseDecimal("24,5") == 24.5)
        #expect(VietnameseFormat.parseDecimal("24.5") == 24.5)
        #expect(VietnameseFormat.parseDecimal("-24,5") == -24.5)
        #expect(VietnameseFormat.parseDecimal("0,125") == 0.125)
        #expect(VietnameseFormat.parseDecimal("1234.567") == 1234.567)
        #expect(VietnameseFormat.parseDecimal("1.234,5") == 1234.5)
        #expect(VietnameseFormat.parseDecimal("1,234.5") == 1234.5)
        #expect(VietnameseFormat.parseDecimal("1 234,5") == 1234.5)
        #expect(VietnameseFormat.parseDecimal("1.234.567,89") == 1_234_567.89)
        #expect(VietnameseFormat.parseDecimal("1.500.000") == 1_500_000)
        #expect(VietnameseFormat.parseDecimal("1,500,000") == 1_500_000)
        #expect(VietnameseFormat.parseDecimal("1 500") == 1500)
        #expect(VietnameseFormat.parseDecimal("42") == 42)
        // As exports write decimals: one or two digits after the dot, leading zeros kept or not.
        for (text, value) in [("94.2", 94.2), ("0.75", 0.75), ("007.5", 7.5), ("12345678.99", 12_345_678.99), ("1.05", 1.05)] {
            #expect(VietnameseFormat.parseDecimal(text) == value, "\(text)")
        }
    }

    @Test func rejectsAmbiguousAndMalformedDecimals() {
        for text in ["1.500", "2,500", "999.000", "", "abc", ",5", "5,", "1,2,3", "1.2.3", "1,234,5", "1.234.5",
                     "1 5", "24,5 %", "1e3", "nan", "inf", "1.234,567.8", "1.", ".5", "1.5.5", "1.5a"] {
            #expect(VietnameseFormat.parseDecimal(text) == nil, "\(text)")
        }
    }

    @Test func parsesDates() {
        #expect(VietnameseFormat.parseDate("18/01/2022") == LocalDate(year: 2022, month: 1, day: 18))
        #expect(VietnameseFormat.parseDate("8/1/2022") == LocalDate(year: 2022, month: 1, day: 8))
        #expect(VietnameseFormat.parseDate(" 18-01-2022 ") == LocalDate(year: 2022, month: 1, day: 18))
        #expect(VietnameseFormat.parseDate("18.01.2022") == LocalDate(year: 2022, month: 1, day: 18))
        #expect(VietnameseFormat.parseDate("2022-01-18") == LocalDate(year: 2022, month: 1, day: 18))
        #expect(VietnameseFormat.parseDate("29/02/2024") == LocalDate(year: 2024, month: 2, day: 29))
    }

    @Test func rejectsInvalidDates() {
        for text in ["", "18/01/22", "29/02/2023", "31/04/2022", "18/13/2022", "00/01/2022", "18/01-2022",
                     "18//2022", "2022/01/18", "18/01/2022/1", "a/b/cdef", "18 01 2022", "+1/01/2022"] {
            #expect(VietnameseFormat.parseDate(text) == nil, "\(text)")
        }
    }

    @Test func formattedValuesParseBack() {
        for value in [0, 7, 999, 1000, 1_500_000, -625_000_000] {
            #expect(VietnameseFormat.parseInteger(VietnameseFormat.integer(value, in: .vi)) == value)
        }
        let date = LocalDate(year: 2026, month: 11, day: 26)!
        #expect(VietnameseFormat.parseDate(VietnameseFormat.date(date)) == date)
    }
}
