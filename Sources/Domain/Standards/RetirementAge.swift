/// The end of working age: the statutory retirement age for normal working conditions
/// (Labour Code 2019, Art. 169; Decree 135/2020/NĐ-CP, Art. 4 and the appendix table).
/// This is the one place that holds the schedule.
///
/// Men: 60 years 3 months in 2021, +3 months a year, 62 years from 2028.
/// Women: 55 years 4 months in 2021, +4 months a year, 60 years from 2035.
/// Before 2021 (Labour Code 2012): men 60, women 55.
///
/// Simplification: a person is past working age on a date when their age in completed months
/// on that date is at least the retirement age of that date's calendar year. The decree ties
/// the age to the month in which it is reached; for poverty classification at a survey date
/// the difference is at most a few months at the boundary.
public enum RetirementAge {
    /// Retirement age in months for someone of `sex` in calendar year `year`.
    public static func months(for sex: Sex, in year: Int) -> Int {
        switch sex {
        case .male: return schedule(year, base: 60 * 12, step: 3, final: 62 * 12)
        case .female: return schedule(year, base: 55 * 12, step: 4, final: 60 * 12)
        }
    }

    /// The last year of the old ages; each later year adds one step.
    private static let baseYear = 2020

    private static func schedule(_ year: Int, base: Int, step: Int, final: Int) -> Int {
        guard year > baseYear else { return base }
        return min(base + (year - baseYear) * step, final)
    }

    /// Completed months from `birth` to `date`. A month is completed on the birth day's day of
    /// the month; where that day does not exist (born on the 31st, in April), on the 1st of the
    /// next month: the rule `LocalDate.age(on:)` applies to 29 February, so that whole years of
    /// this count always equal that age.
    public static func ageInMonths(born birth: LocalDate, on date: LocalDate) -> Int {
        (date.year - birth.year) * 12 + (date.month - birth.month) - (date.day < birth.day ? 1 : 0)
    }
}
