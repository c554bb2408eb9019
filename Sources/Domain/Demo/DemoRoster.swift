/// A person of a demo household: the facts that stay the same from one survey to the next.
/// What changes (age, schooling, work, insurance) is worked out per survey in `DemoSnapshot`.
struct DemoPerson {
    var familyName: String
    var name: String
    var sex: Sex
    var birthDate: LocalDate
    /// Old records often hold the year only; the interchange format then counts from 1 July.
    var birthYearOnly: Bool
    var relation: Relation
    /// Nil for children who will still be under 14 at every survey.
    var idNumber: String?
    var ethnicity: String
    var religion: String
    var disability: Disability
    /// Highest level reached once schooling is over.
    var education: Education
    /// Age at which schooling ends (18 after upper secondary, later after college).
    var studiesUntil: Int
    /// Usual work as an adult; never hired labour without contract nor unemployment, which
    /// a survey sets only when the household is meant to be deprived in employment.
    var occupation: Employment

    /// The birth date the format will use: 1 July when only the year is recorded.
    var recordedBirthDate: LocalDate {
        birthYearOnly ? .demo(birthDate.year, 7, 1) : birthDate
    }

    func age(on date: LocalDate) -> Int {
        recordedBirthDate.age(on: date)
    }
}

/// Builds plausible household rosters: a lone elder, a young family with small children and
/// perhaps grandparents, or an older couple with grown children, an in-law and grandchildren.
struct DemoRosterMaker {
    var group: DemoEthnicGroup
    var area: Area

    /// Ages are counted at 1 January 2025, so a person of age `a` is born in 2024 − a.
    private static let referenceYear = 2024

    func roster(_ random: inout DemoRandom, ids: inout Set<String>) -> [DemoPerson] {
        let religion = group.religion(&random)
        var people: [DemoPerson] = []
        func add(_ relation: Relation, _ sex: Sex, age: Int, family: String) {
            people.append(person(relation, sex, age: age, family: family, religion: religion, taken: people, &random, ids: &ids))
        }
        func family() -> String { random.weighted(group.familyNames) }

        let size = random.weighted([(1, 8), (2, 15), (3, 20), (4, 24), (5, 17), (6, 10), (7, 6)])
        if size == 1 {
            if random.percent(75) {
                add(.head, random.percent(70) ? .female : .male, age: random.int(62...86), family: family())
            } else {
                add(.head, random.percent(50) ? .female : .male, age: random.int(38...60), family: family())
                people[0].disability = .severe
            }
            return people
        }

        let older = random.percent(size >= 5 ? 60 : 35)
        let headAge = older ? random.int(48...72) : random.int(25...47)
        let headSex: Sex = random.percent(72) ? .male : .female
        let headFamily = family()
        add(.head, headSex, age: headAge, family: headFamily)
        var slots = size - 1
        var childrenFamily = headFamily
        var youngestParentAge = headAge
        if random.percent(85) {
            let gap = random.int(0...6)
            let spouseAge = max(20, headSex == .male ? headAge - gap : headAge + gap)
            let spouseFamily = family()
            add(.spouse, headSex == .male ? .female : .male, age: spouseAge, family: spouseFamily)
            if headSex == .female { childrenFamily = spouseFamily }
            youngestParentAge = min(headAge, spouseAge)
            slots -= 1
        }

        guard slots > 0 else { return people }
        if !older {
            var parents = slots >= 3 && random.percent(40) ? random.int(1...2) : 0
            let maxChildAge = max(0, youngestParentAge - 20)
            let children = min(slots - parents, maxChildAge / 2 + 1)
            // Parents too young for that many children: the head's parents, then siblings, fill the house.
            let extra = slots - parents - children
            let siblings = max(0, extra - (2 - parents))
            parents += extra - siblings
            for age in (0..<children).map({ _ in random.int(0...maxChildAge) }).sorted(by: >) {
                add(.child, random.percent(50) ? .male : .female, age: age, family: childrenFamily)
            }
            for _ in 0..<siblings {
                add(.sibling, random.percent(50) ? .male : .female, age: max(16, headAge + random.int(-8...8)), family: headFamily)
            }
            if parents == 2 {
                add(.parent, .male, age: min(92, headAge + random.int(24...32)), family: headFamily)
                add(.parent, .female, age: min(90, headAge + random.int(20...28)), family: family())
            } else if parents == 1 {
                let sex: Sex = random.percent(65) ? .female : .male
                add(.parent, sex, age: min(90, headAge + random.int(20...30)), family: sex == .male ? headFamily : family())
            }
            return people
        }

        let grown = min(slots, random.int(1...3))
        let grownAges = (0..<grown).map { _ in random.int(18...min(headAge - 20, 45)) }.sorted(by: >)
        for age in grownAges {
            add(.child, random.percent(50) ? .male : .female, age: age, family: childrenFamily)
        }
        slots -= grown
        let eldest = people[people.count - grown]
        if grownAges[0] < 22 {
            for age in (0..<slots).map({ _ in random.int(6...17) }).sorted(by: >) {
                add(.child, random.percent(50) ? .male : .female, age: age, family: childrenFamily)
            }
            return people
        }
        var grandchildrenFamily = eldest.familyName
        if slots >= 2 || (slots == 1 && random.percent(50)) {
            // The eldest child's husband or wife, living with the family (con rể, con dâu).
            let inLawFamily = family()
            add(.other, eldest.sex == .male ? .female : .male, age: max(18, grownAges[0] + random.int(-3...3)), family: inLawFamily)
            if eldest.sex == .female { grandchildrenFamily = inLawFamily }
            slots -= 1
        }
        for age in (0..<slots).map({ _ in random.int(0...grownAges[0] - 20) }).sorted(by: >) {
            add(.grandchild, random.percent(50) ? .male : .female, age: age, family: grandchildrenFamily)
        }
        return people
    }

    private func person(
        _ relation: Relation, _ sex: Sex, age: Int, family: String, religion: String, taken: [DemoPerson],
        _ random: inout DemoRandom, ids: inout Set<String>
    ) -> DemoPerson {
        let year = Self.referenceYear - age
        let birthDate = random.date(.demo(year, 1, 1), .demo(year, 12, 31))
        // Siblings and in-laws do not share a full name.
        var name = family + " " + group.givenName(sex: sex, bornIn: year, &random)
        while taken.contains(where: { $0.name == name }) {
            name = family + " " + group.givenName(sex: sex, bornIn: year, &random)
        }
        let disability: Disability
        if age >= 70 {
            disability = random.weighted([(.none, 77), (.mild, 15), (.severe, 8)])
        } else {
            disability = random.weighted([(.none, 95), (.mild, 4), (.severe, 1)])
        }
        // Born from 1988: young enough to be 16–30 at some survey, so educated to the level the
        // adult-education indicator expects unless a survey sets otherwise on purpose.
        let education: Education
        switch year {
        case ..<1965: education = random.weighted([(.none, 20), (.primary, 45), (.lowerSecondary, 28), (.upperSecondary, 7)])
        case ..<1988: education = random.weighted([(.primary, 25), (.lowerSecondary, 45), (.upperSecondary, 22), (.vocational, 8)])
        default: education = random.weighted([(.upperSecondary, 55), (.vocational, 35), (.college, 7), (.university, 3)])
        }
        let studiesUntil: Int
        switch education {
        case .none, .primary: studiesUntil = 11
        case .lowerSecondary: studiesUntil = 15
        case .upperSecondary: studiesUntil = 18
        case .vocational: studiesUntil = 20
        case .college: studiesUntil = 21
        case .university: studiesUntil = 22
        }
        let occupation: Employment = area == .rural
            ? random.weighted([(.selfEmployed, 70), (.contract, 15), (.notWorking, 15)])
            : random.weighted([(.selfEmployed, 55), (.contract, 25), (.notWorking, 20)])
        return DemoPerson(
            familyName: family, name: name, sex: sex, birthDate: birthDate, birthYearOnly: year < 1960 && random.percent(40),
            relation: relation, idNumber: year <= 2011 ? citizenID(sex: sex, year: year, &random, ids: &ids) : nil,
            ethnicity: group.name, religion: religion, disability: disability, education: education,
            studiesUntil: studiesUntil, occupation: occupation
        )
    }

    /// A 12-digit citizen ID (CCCD): province of birth registration "095", a digit for sex and
    /// century (0 male / 1 female born 1900–1999, 2 / 3 born 2000–2099), the last two digits of
    /// the birth year, then six random digits — unique across the data set.
    private func citizenID(sex: Sex, year: Int, _ random: inout DemoRandom, ids: inout Set<String>) -> String {
        let century = (year >= 2000 ? 2 : 0) + (sex == .female ? 1 : 0)
        let head = "0" + DemoPlaces.provinceCode + String(century) + String(String(year % 100 + 100).dropFirst())
        while true {
            let id = head + String(String(random.int(0...999_999) + 1_000_000).dropFirst())
            if ids.insert(id).inserted { return id }
        }
    }
}
