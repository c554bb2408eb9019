import Testing
@testable import Domain

/// Parses `text`, returning the error it is rejected with (nil when accepted).
private func rejection(_ text: String) -> AdministrativeUnitListError? {
    do {
        _ = try AdministrativeUnitList.parse(Array(text.utf8))
        return nil
    } catch {
        return error
    }
}

private func unit(
    _ code: String, _ name: String, _ level: AdministrativeLevel, _ kind: AdministrativeKind, _ parentCode: String?
) -> AdministrativeUnitRecord {
    AdministrativeUnitRecord(code: code, name: name, level: level, kind: kind, parentCode: parentCode)
}

@Suite struct AdministrativeUnitListFormatTests {
    // A trimmed extract of the pre-reform layout: a municipality with a municipal city, a
    // province with a provincial city, a town and a rural district, and an island district
    // written with `"Ward": null`. Some units omit the optional parent-code fields.
    static let preReform = #"""
    [
      {"Code": "79", "Name": "Hồ Chí Minh", "FullName": "Thành phố Hồ Chí Minh", "District": [
        {"Code": "760", "Name": "1", "FullName": "Quận 1", "ProvinceCode": "79", "Ward": [
          {"Code": "26734", "Name": "Tân Định", "FullName": "Phường Tân Định", "DistrictCode": "760"}
        ]},
        {"Code": "769", "Name": "Thủ Đức", "FullName": "Thành phố Thủ Đức", "ProvinceCode": "79", "Ward": [
          {"Code": "26794", "Name": "Linh Xuân", "FullName": "Phường Linh Xuân", "DistrictCode": "769"}
        ]}
      ]},
      {"Code": "95", "Name": "Bạc Liêu", "FullName": "Tỉnh Bạc Liêu", "District": [
        {"Code": "954", "Name": "Bạc Liêu", "FullName": "Thành phố Bạc Liêu", "ProvinceCode": "95", "Ward": [
          {"Code": "31825", "Name": "1", "FullName": "Phường 1"},
          {"Code": "31840", "Name": "Hiệp Thành", "FullName": "Xã Hiệp Thành", "DistrictCode": "954"}
        ]},
        {"Code": "956", "Name": "Hồng Dân", "FullName": "Huyện Hồng Dân", "Ward": [
          {"Code": "31843", "Name": "Ngan Dừa", "FullName": "Thị trấn Ngan Dừa"}
        ]},
        {"Code": "959", "Name": "Giá Rai", "FullName": "Thị xã Giá Rai", "Ward": []}
      ]},
      {"Code": "77", "Name": "Bà Rịa - Vũng Tàu", "FullName": "Tỉnh Bà Rịa - Vũng Tàu", "District": [
        {"Code": "755", "Name": "Côn Đảo", "FullName": "Huyện Côn Đảo", "ProvinceCode": "77", "Ward": null}
      ]}
    ]
    """#

    // The post-reform layout, with the lowercase "xã Bắc Sơn" of the real file written
    // without its short name so that the kind has to come from FullName.
    static let postReform = #"""
    [
      {"Type": "province", "Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau",
       "AdministrativeUnitShortName": "Tỉnh", "Wards": [
        {"Type": "ward", "Code": "31825", "Name": "Bạc Liêu", "FullName": "Phường Bạc Liêu",
         "ProvinceCode": "96", "AdministrativeUnitShortName": "Phường"},
        {"Type": "ward", "Code": "31843", "Name": "Hồng Dân", "FullName": "Xã Hồng Dân",
         "ProvinceCode": "96", "AdministrativeUnitShortName": "Xã"}
      ]},
      {"Type": "province", "Code": "79", "Name": "Hồ Chí Minh", "FullName": "Thành phố Hồ Chí Minh",
       "AdministrativeUnitShortName": "Thành phố", "Wards": [
        {"Code": "26732", "Name": "Côn Đảo", "FullName": "Đặc khu Côn Đảo", "AdministrativeUnitShortName": "Đặc khu"}
      ]},
      {"Code": "20", "Name": "Lạng Sơn", "FullName": "Tỉnh Lạng Sơn", "Wards": [
        {"Code": "06325", "Name": "Bắc Sơn", "FullName": "xã Bắc Sơn"}
      ]},
      {"Code": "04", "Name": "Cao Bằng", "FullName": "Tỉnh Cao Bằng", "Wards": null}
    ]
    """#

    @Test func parsesPreReformListParentsFirst() throws {
        let list = try AdministrativeUnitList.parse(Array(Self.preReform.utf8))
        #expect(list.format == .preReform2025)
        #expect(list.units == [
            unit("79", "Hồ Chí Minh", .province, .municipality, nil),
            unit("760", "1", .district, .urbanDistrict, "79"),
            unit("26734", "Tân Định", .commune, .ward, "760"),
            unit("769", "Thủ Đức", .district, .municipalCity, "79"),
            unit("26794", "Linh Xuân", .commune, .ward, "769"),
            unit("95", "Bạc Liêu", .province, .province, nil),
            unit("954", "Bạc Liêu", .district, .provincialCity, "95"),
            unit("31825", "1", .commune, .ward, "954"),
            unit("31840", "Hiệp Thành", .commune, .commune, "954"),
            unit("956", "Hồng Dân", .district, .ruralDistrict, "95"),
            unit("31843", "Ngan Dừa", .commune, .townlet, "956"),
            unit("959", "Giá Rai", .district, .town, "95"),
            unit("77", "Bà Rịa - Vũng Tàu", .province, .province, nil),
            unit("755", "Côn Đảo", .district, .ruralDistrict, "77"),
        ])
    }

    @Test func parsesPostReformList() throws {
        let list = try AdministrativeUnitList.parse(Array(Self.postReform.utf8))
        #expect(list.format == .postReform2025)
        #expect(list.units == [
            unit("96", "Cà Mau", .province, .province, nil),
            unit("31825", "Bạc Liêu", .commune, .ward, "96"),
            unit("31843", "Hồng Dân", .commune, .commune, "96"),
            unit("79", "Hồ Chí Minh", .province, .municipality, nil),
            unit("26732", "Côn Đảo", .commune, .specialZone, "79"),
            unit("20", "Lạng Sơn", .province, .province, nil),
            unit("06325", "Bắc Sơn", .commune, .commune, "20"),
            unit("04", "Cao Bằng", .province, .province, nil),
        ])
    }

    @Test func shortNameDecidesOverFullName() throws {
        let list = try AdministrativeUnitList.parse(Array(#"""
            [{"Code": "96", "Name": "Cà Mau", "FullName": "Cà Mau", "AdministrativeUnitShortName": "tỉnh", "Wards": [
              {"Code": "31840", "Name": "Hiệp Thành", "FullName": "Hiệp Thành", "AdministrativeUnitShortName": "Phường"}
            ]}]
            """#.utf8))
        #expect(list.units.map(\.kind) == [.province, .ward])
    }

    @Test func detectsFormat() throws {
        func format(_ text: String) throws -> AdministrativeUnitListFormat? {
            AdministrativeUnitListFormat(detectingIn: try JSONParser.parse(text))
        }
        #expect(try format(Self.preReform) == .preReform2025)
        #expect(try format(Self.postReform) == .postReform2025)
        #expect(try format("[]") == nil)
        #expect(try format(#"{"District": []}"#) == nil)
        #expect(try format(#"[{"District": [], "Wards": []}]"#) == nil)
        #expect(try format(#"[{"Code": "01"}]"#) == nil)
    }

    @Test func acceptsAnAlreadyParsedDocument() throws {
        let json = try JSONParser.parse(Self.postReform)
        #expect(try AdministrativeUnitList.parse(json: json) == AdministrativeUnitList.parse(Array(Self.postReform.utf8)))
    }
}

@Suite struct AdministrativeUnitListErrorTests {
    @Test func rejectsText() {
        // The parser stops at the `}` after the trailing comma, byte 15.
        guard case let .notJSON(offset, reason)? = rejection(#"[{"Code": "01",}]"#) else {
            Issue.record("expected notJSON")
            return
        }
        #expect(offset == 15)
        #expect(!reason.isEmpty)
        #expect(rejection("") != nil)
    }

    @Test(arguments: [
        "{}", "[]", #""units""#, "[1]",
        #"[{"Code": "01", "Name": "Hà Nội", "FullName": "Thành phố Hà Nội"}]"#,
        #"[{"Code": "01", "District": [], "Wards": []}]"#,
    ])
    func rejectsUnknownFormat(_ text: String) {
        #expect(rejection(text) == .unknownFormat)
    }

    @Test func rejectsMissingFields() {
        // Format comes from the first province; a later one without District is incomplete.
        #expect(rejection(#"""
            [{"Code": "01", "Name": "Hà Nội", "FullName": "Thành phố Hà Nội", "District": []},
             {"Code": "02", "Name": "Hà Giang", "FullName": "Tỉnh Hà Giang"}]
            """#) == .missingField(path: "[1].District"))
        #expect(rejection(#"""
            [{"Code": "95", "Name": "Bạc Liêu", "FullName": "Tỉnh Bạc Liêu", "District": [
              {"Code": "954", "Name": "Bạc Liêu", "FullName": "Thành phố Bạc Liêu", "Ward": [
                {"Code": "31825", "Name": "1", "FullName": "Phường 1"},
                {"Name": "Hiệp Thành", "FullName": "Xã Hiệp Thành"}
              ]}
            ]}]
            """#) == .missingField(path: "[0].District[0].Ward[1].Code"))
        #expect(rejection(#"[{"Code": "96", "FullName": "Tỉnh Cà Mau", "Wards": []}]"#)
            == .missingField(path: "[0].Name"))
        // Without a short name the kind needs FullName.
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "AdministrativeUnitShortName": "Tỉnh", "Wards": [{"Code": "31840", "Name": "Hiệp Thành"}]}]"#)
            == .missingField(path: "[0].Wards[0].FullName"))
    }

    @Test func rejectsWrongTypes() {
        #expect(rejection(#"[{"Code": 96, "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": []}]"#)
            == .wrongType(path: "[0].Code", expected: "string", found: "number"))
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": {}}]"#)
            == .wrongType(path: "[0].Wards", expected: "array", found: "object"))
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": ["Hiệp Thành"]}]"#)
            == .wrongType(path: "[0].Wards[0]", expected: "object", found: "string"))
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": []}, []]"#)
            == .wrongType(path: "[1]", expected: "object", found: "array"))
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "AdministrativeUnitShortName": true, "Wards": []}]"#)
            == .wrongType(path: "[0].AdministrativeUnitShortName", expected: "string", found: "boolean"))
        #expect(rejection(#"""
            [{"Code": "95", "Name": "Bạc Liêu", "FullName": "Tỉnh Bạc Liêu", "District": [
              {"Code": "954", "Name": "Bạc Liêu", "FullName": "Thành phố Bạc Liêu", "ProvinceCode": 95, "Ward": []}
            ]}]
            """#) == .wrongType(path: "[0].District[0].ProvinceCode", expected: "string", found: "number"))
    }

    @Test func rejectsEmptyName() {
        #expect(rejection(#"[{"Code": "96", "Name": "", "FullName": "Tỉnh Cà Mau", "Wards": []}]"#)
            == .emptyField(path: "[0].Name"))
    }

    @Test func rejectsBadCodes() {
        #expect(rejection(#"[{"Code": "1", "Name": "Hà Nội", "FullName": "Thành phố Hà Nội", "Wards": []}]"#)
            == .badCode(path: "[0].Code", code: "1", digits: 2))
        #expect(rejection(#"""
            [{"Code": "95", "Name": "Bạc Liêu", "FullName": "Tỉnh Bạc Liêu", "District": [
              {"Code": "0954", "Name": "Bạc Liêu", "FullName": "Thành phố Bạc Liêu", "Ward": []}
            ]}]
            """#) == .badCode(path: "[0].District[0].Code", code: "0954", digits: 3))
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": [{"Code": "3184O", "Name": "Hiệp Thành", "FullName": "Phường Hiệp Thành"}]}]"#)
            == .badCode(path: "[0].Wards[0].Code", code: "3184O", digits: 5))
        // Non-ASCII digits are not GSO codes.
        #expect(rejection(#"[{"Code": "٩٦", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": []}]"#)
            == .badCode(path: "[0].Code", code: "٩٦", digits: 2))
    }

    @Test func rejectsDuplicateCodes() {
        #expect(rejection(#"""
            [{"Code": "95", "Name": "Bạc Liêu", "FullName": "Tỉnh Bạc Liêu", "District": [
              {"Code": "954", "Name": "Bạc Liêu", "FullName": "Thành phố Bạc Liêu", "Ward": [
                {"Code": "31840", "Name": "Hiệp Thành", "FullName": "Xã Hiệp Thành"}
              ]},
              {"Code": "956", "Name": "Hồng Dân", "FullName": "Huyện Hồng Dân", "Ward": [
                {"Code": "31843", "Name": "Ngan Dừa", "FullName": "Thị trấn Ngan Dừa"},
                {"Code": "31840", "Name": "Hiệp Thành", "FullName": "Xã Hiệp Thành"}
              ]}
            ]}]
            """#) == .duplicateCode(path: "[0].District[1].Ward[1].Code", code: "31840", firstPath: "[0].District[0].Ward[0].Code"))
        #expect(rejection(#"""
            [{"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": []},
             {"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": []}]
            """#) == .duplicateCode(path: "[1].Code", code: "96", firstPath: "[0].Code"))
    }

    @Test func rejectsUnknownKinds() {
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "FullName": "Vùng Cà Mau", "Wards": []}]"#)
            == .unknownKind(path: "[0].FullName", text: "Vùng Cà Mau", expected: ["Tỉnh", "Thành phố"]))
        // A commune kind is not a district kind, and the name must follow the word.
        #expect(rejection(#"""
            [{"Code": "95", "Name": "Bạc Liêu", "FullName": "Tỉnh Bạc Liêu", "District": [
              {"Code": "954", "Name": "Bạc Liêu", "FullName": "Phường Bạc Liêu", "Ward": []}
            ]}]
            """#) == .unknownKind(path: "[0].District[0].FullName", text: "Phường Bạc Liêu", expected: ["Quận", "Huyện", "Thị xã", "Thành phố"]))
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": [{"Code": "31840", "Name": "Hiệp Thành", "FullName": "XãHiệp Thành"}]}]"#)
            == .unknownKind(path: "[0].Wards[0].FullName", text: "XãHiệp Thành", expected: ["Xã", "Phường", "Thị trấn", "Đặc khu"]))
        // Communes have no "Thành phố" since the reform removed cities below provinces.
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "AdministrativeUnitShortName": "Tỉnh", "Wards": [{"Code": "31825", "Name": "Bạc Liêu", "AdministrativeUnitShortName": "Thành phố"}]}]"#)
            == .unknownKind(path: "[0].Wards[0].AdministrativeUnitShortName", text: "Thành phố", expected: ["Xã", "Phường", "Thị trấn", "Đặc khu"]))
    }

    @Test func rejectsParentMismatch() {
        #expect(rejection(#"""
            [{"Code": "95", "Name": "Bạc Liêu", "FullName": "Tỉnh Bạc Liêu", "District": [
              {"Code": "954", "Name": "Bạc Liêu", "FullName": "Thành phố Bạc Liêu", "ProvinceCode": "95", "Ward": [
                {"Code": "31840", "Name": "Hiệp Thành", "FullName": "Xã Hiệp Thành", "DistrictCode": "956"}
              ]}
            ]}]
            """#) == .parentMismatch(path: "[0].District[0].Ward[0].DistrictCode", expected: "954", found: "956"))
        #expect(rejection(#"[{"Code": "96", "Name": "Cà Mau", "FullName": "Tỉnh Cà Mau", "Wards": [{"Code": "31840", "Name": "Hiệp Thành", "FullName": "Phường Hiệp Thành", "ProvinceCode": "95"}]}]"#)
            == .parentMismatch(path: "[0].Wards[0].ProvinceCode", expected: "96", found: "95"))
    }
}

@Suite struct AdministrativeUnitMessageTests {
    /// One error of every case.
    static let samples: [AdministrativeUnitListError] = [
        .notJSON(offset: 15, reason: "expected a key"),
        .unknownFormat,
        .missingField(path: "[1].District"),
        .wrongType(path: "[0].Code", expected: "string", found: "number"),
        .emptyField(path: "[0].Name"),
        .badCode(path: "[0].Code", code: "1", digits: 2),
        .duplicateCode(path: "[1].Code", code: "96", firstPath: "[0].Code"),
        .unknownKind(path: "[0].FullName", text: "Vùng Cà Mau", expected: ["Tỉnh", "Thành phố"]),
        .parentMismatch(path: "[0].Wards[0].ProvinceCode", expected: "96", found: "95"),
    ]

    /// The `{name}` placeholders of a template.
    private func placeholders(_ template: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    @Test func everyMessageHasBothTextsWithMatchingParameters() throws {
        let keys = Set(Self.samples.map(\.message.key))
        #expect(keys == Set(Translations.administrativeUnitEntries.keys), "every entry is used and every key translated")
        for error in Self.samples {
            let entry = try #require(Translations.administrativeUnitEntries[error.message.key])
            let parameters = Set(error.message.parameters.keys)
            #expect(placeholders(entry.vi) == parameters, "vi text of \(error.message.key)")
            #expect(placeholders(entry.en) == parameters, "en text of \(error.message.key)")
        }
        #expect(keys.allSatisfy { $0.hasPrefix("units.") })
    }

    // Needs `administrativeUnitEntries` merged into `Translations.table`.
    @Test func describesInEnglishAndVietnamese() {
        #expect(AdministrativeUnitListError.badCode(path: "[0].District[3].Code", code: "95", digits: 3).description
            == "[0].District[3].Code: code “95” must be exactly 3 digits.")
        #expect(AdministrativeUnitListError.duplicateCode(path: "[1].Code", code: "96", firstPath: "[0].Code").description
            == "[1].Code: code 96 is already used at [0].Code.")
        #expect(Translations.render(AdministrativeUnitListError.missingField(path: "[1].District").message, in: .vi)
            == "[1].District: thiếu trường bắt buộc.")
        #expect(Translations.render(AdministrativeUnitListError.unknownKind(path: "[0].FullName", text: "Vùng Cà Mau", expected: ["Tỉnh", "Thành phố"]).message, in: .vi)
            == "[0].FullName: không nhận ra loại đơn vị “Vùng Cà Mau” (cần một trong: Tỉnh, Thành phố).")
        for error in Self.samples {
            #expect(error.description == Translations.render(error.message, in: .en))
            #expect(!error.description.contains("{") && !error.description.hasPrefix("units."), "\(error)")
        }
    }
}
