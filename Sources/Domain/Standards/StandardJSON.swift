/// Reading standard and review-round files: strict (unknown keys are errors, so that a
/// misspelt key in an administrator's file is not silently ignored) and path-reporting.
struct JSONReader {
    let value: JSONValue
    let path: String

    static func parse(_ bytes: [UInt8], path: String) throws(StandardDataError) -> JSONReader {
        do {
            return JSONReader(value: try JSONParser.parse(bytes), path: path)
        } catch {
            throw StandardDataError(path: path, problem: .syntax(offset: error.offset, reason: error.reason))
        }
    }

    func fail(_ problem: StandardDataError.Problem) -> StandardDataError {
        StandardDataError(path: path, problem: problem)
    }

    func fail(at key: String, _ problem: StandardDataError.Problem) -> StandardDataError {
        StandardDataError(path: "\(path).\(key)", problem: problem)
    }

    /// The object's members, after checking that every key is one of `allowed`.
    func object(allowing allowed: Set<String>) throws(StandardDataError) -> JSONReader {
        guard case let .object(pairs) = value else { throw fail(.wrongType(expected: "object")) }
        for pair in pairs where !allowed.contains(pair.key) {
            throw StandardDataError(path: "\(path).\(pair.key)", problem: .unknownKey)
        }
        return self
    }

    func optional(_ key: String) -> JSONReader? {
        guard let member = value[key], member != .null else { return nil }
        return JSONReader(value: member, path: "\(path).\(key)")
    }

    func required(_ key: String) throws(StandardDataError) -> JSONReader {
        guard let member = optional(key) else { throw StandardDataError(path: "\(path).\(key)", problem: .required) }
        return member
    }

    func array() throws(StandardDataError) -> [JSONReader] {
        guard case let .array(items) = value else { throw fail(.wrongType(expected: "array")) }
        return items.enumerated().map { JSONReader(value: $1, path: "\(path)[\($0)]") }
    }

    func string() throws(StandardDataError) -> String {
        guard case let .string(text) = value else { throw fail(.wrongType(expected: "string")) }
        guard !text.isEmpty else { throw fail(.required) }
        return text
    }

    func integer() throws(StandardDataError) -> Int {
        guard case let .number(text) = value else { throw fail(.wrongType(expected: "integer")) }
        guard let number = Int(text) else { throw fail(.wrongType(expected: "integer")) }
        return number
    }

    func positiveInteger() throws(StandardDataError) -> Int {
        let number = try integer()
        guard number > 0 else { throw fail(.notPositive) }
        return number
    }

    func positiveNumber() throws(StandardDataError) -> Double {
        guard case let .number(text) = value, let number = Double(text) else { throw fail(.wrongType(expected: "number")) }
        guard number > 0 else { throw fail(.notPositive) }
        return number
    }

    func date() throws(StandardDataError) -> LocalDate {
        guard let date = LocalDate(iso: try string()) else { throw fail(.invalidDate) }
        return date
    }

    func code<Code: RawRepresentable & CaseIterable>(_: Code.Type) throws(StandardDataError) -> Code
    where Code.RawValue == String {
        guard let code = Code(rawValue: try string()) else {
            throw fail(.notInList(allowed: Code.allCases.map(\.rawValue)))
        }
        return code
    }

    func strings() throws(StandardDataError) -> [String] {
        var texts: [String] = []
        for item in try array() { texts.append(try item.string()) }
        return texts
    }
}

extension PovertyStandard {
    /// Decodes one standard file (the format of `Resources/standards/nd-07-2021.json`).
    public static func decode(json bytes: [UInt8], path: String = "standard") throws(StandardDataError) -> PovertyStandard {
        try decode(JSONReader.parse(bytes, path: path))
    }

    static func decode(_ reader: JSONReader) throws(StandardDataError) -> PovertyStandard {
        let root = try reader.object(allowing: [
            "id", "legalReference", "citation", "validFrom", "validTo", "notes", "incomeLines", "pointLines",
            "deprivationCutoff", "pointsPerIndicator", "dimensions", "indicators", "derivation",
        ])
        let validFrom = try root.required("validFrom").date()
        let validTo = try root.optional("validTo")?.date()
        if let validTo, validTo < validFrom { throw root.fail(at: "validTo", .endBeforeStart) }

        let lines = try root.required("incomeLines").object(allowing: ["rural", "urban"])
        let incomeLines = PerArea(rural: try incomeLine(lines.required("rural")), urban: try incomeLine(lines.required("urban")))
        var pointLines: PerArea<Int>?
        if let points = try root.optional("pointLines")?.object(allowing: ["rural", "urban"]) {
            pointLines = PerArea(rural: try points.required("rural").positiveInteger(), urban: try points.required("urban").positiveInteger())
        }

        var dimensions: [Dimension] = []
        for item in try root.required("dimensions").array() {
            let object = try item.object(allowing: ["key", "label"])
            let dimension = Dimension(key: try object.required("key").string(), label: try object.required("label").string())
            if dimensions.contains(where: { $0.key == dimension.key }) { throw object.fail(at: "key", .duplicate) }
            dimensions.append(dimension)
        }
        var indicators: [Indicator] = []
        for item in try root.required("indicators").array() {
            let object = try item.object(allowing: ["key", "dimension", "label", "legalWording"])
            let key = try object.required("key").code(IndicatorKey.self)
            if indicators.contains(where: { $0.key == key }) { throw object.fail(at: "key", .duplicate) }
            let dimension = try object.required("dimension").string()
            if !dimensions.contains(where: { $0.key == dimension }) { throw object.fail(at: "dimension", .unknownDimension) }
            indicators.append(Indicator(
                key: key, dimension: dimension, label: try object.required("label").string(),
                legalWording: try object.required("legalWording").string()
            ))
        }
        if indicators.isEmpty { throw root.fail(at: "indicators", .required) }

        return PovertyStandard(
            id: try root.required("id").string(),
            legalReference: try root.required("legalReference").string(),
            citation: try root.required("citation").string(),
            validFrom: validFrom, validTo: validTo,
            incomeLines: incomeLines, pointLines: pointLines,
            deprivationCutoff: try root.required("deprivationCutoff").positiveInteger(),
            pointsPerIndicator: try root.required("pointsPerIndicator").positiveInteger(),
            dimensions: dimensions, indicators: indicators,
            derivation: try derivationRules(root.required("derivation")),
            notes: try root.optional("notes")?.strings() ?? []
        )
    }

    private static func incomeLine(_ reader: JSONReader) throws(StandardDataError) -> IncomeLine {
        let object = try reader.object(allowing: ["poor", "averageLivingUpperBound"])
        let poor = try object.required("poor").positiveInteger()
        let upper = try object.optional("averageLivingUpperBound")?.positiveInteger()
        if let upper, upper <= poor { throw object.fail(at: "averageLivingUpperBound", .outOfRange) }
        return IncomeLine(poor: poor, averageLivingUpperBound: upper)
    }

    private static func derivationRules(_ reader: JSONReader) throws(StandardDataError) -> DerivationRules {
        let object = try reader.object(allowing: [
            "workingAgeFrom", "dependants", "dependantChildAgeBelow", "dependantShareAbovePercent", "nutritionAgeBelow",
            "healthInsuranceMinimumAge", "adultEducation", "childSchooling", "housingAreaPerPersonBelowM2",
        ])
        let percent = try object.required("dependantShareAbovePercent").positiveInteger()
        if percent >= 100 { throw object.fail(at: "dependantShareAbovePercent", .outOfRange) }

        let education = try object.required("adultEducation").object(allowing: [
            "fromAge", "upperSecondaryFromAge", "toAge", "lowerSecondaryQualifications", "upperSecondaryQualifications",
        ])
        let fromAge = try education.required("fromAge").positiveInteger()
        let upperFrom = try education.required("upperSecondaryFromAge").positiveInteger()
        let toAge = try education.required("toAge").positiveInteger()
        if !(fromAge <= upperFrom && upperFrom <= toAge) { throw education.fail(at: "upperSecondaryFromAge", .outOfRange) }
        func qualifications(_ key: String) throws(StandardDataError) -> Set<Education> {
            var levels = Set<Education>()
            for item in try education.required(key).array() { levels.insert(try item.code(Education.self)) }
            return levels
        }

        let schooling = try object.required("childSchooling").object(allowing: ["fromAge", "belowAge"])
        let schoolFrom = try schooling.required("fromAge").positiveInteger()
        let schoolBelow = try schooling.required("belowAge").positiveInteger()
        if schoolBelow <= schoolFrom { throw schooling.fail(at: "belowAge", .outOfRange) }

        return DerivationRules(
            workingAgeFrom: try object.required("workingAgeFrom").positiveInteger(),
            dependants: try object.required("dependants").code(DerivationRules.DependantsDefinition.self),
            dependantChildAgeBelow: try object.required("dependantChildAgeBelow").positiveInteger(),
            dependantShareAbovePercent: percent,
            nutritionAgeBelow: try object.required("nutritionAgeBelow").positiveInteger(),
            healthInsuranceMinimumAge: try object.required("healthInsuranceMinimumAge").positiveInteger(),
            adultEducation: AdultEducation(
                fromAge: fromAge, upperSecondaryFromAge: upperFrom, toAge: toAge,
                lowerSecondaryQualifications: try qualifications("lowerSecondaryQualifications"),
                upperSecondaryQualifications: try qualifications("upperSecondaryQualifications")
            ),
            childSchoolingFromAge: schoolFrom, childSchoolingBelowAge: schoolBelow,
            housingAreaPerPersonBelowM2: try object.required("housingAreaPerPersonBelowM2").positiveNumber()
        )
    }
}
