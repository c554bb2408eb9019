extension Translations {
    /// Texts of poverty standards and classification (`Reason`, dimensions, states, data errors),
    /// to be merged into `table`. Indicator names are the table's `indicator.<key>` entries.
    static let standardsEntries: [String: (vi: String, en: String)] = [
        // Phrases used inside sentences.
        "standards.area.rural": (vi: "nông thôn", en: "rural"),
        "standards.area.urban": (vi: "thành thị", en: "urban"),

        "standards.dimension.employment": (vi: "Việc làm", en: "Employment"),
        "standards.dimension.health": (vi: "Y tế", en: "Health"),
        "standards.dimension.education": (vi: "Giáo dục", en: "Education"),
        "standards.dimension.housing": (vi: "Nhà ở", en: "Housing"),
        "standards.dimension.waterSanitation": (vi: "Nước sinh hoạt và vệ sinh", en: "Water and sanitation"),
        "standards.dimension.waterSanitationEnvironment": (
            vi: "Nước sinh hoạt, vệ sinh và môi trường", en: "Water, sanitation and environment"
        ),
        "standards.dimension.information": (vi: "Thông tin", en: "Information"),

        "standards.state.deprived": (vi: "Thiếu hụt", en: "Deprived"),
        "standards.state.notDeprived": (vi: "Không thiếu hụt", en: "Not deprived"),
        "standards.state.unknown": (vi: "Chưa xác định", en: "Unknown"),
        "standards.source.formB2": (vi: "Theo phiếu B2", en: "Ticked on form B2"),
        "standards.source.facts": (vi: "Suy ra từ thông tin khảo sát", en: "Derived from the survey facts"),
        "standards.incomeBasis.scoreA": (vi: "Điểm A (phiếu B1)", en: "Score A (form B1)"),
        "standards.incomeBasis.perCapitaMonthly": (vi: "Thu nhập bình quân đầu người", en: "Per-capita income"),

        // Income.
        "standards.reason.scoreAtOrBelowLine": (
            vi: "Điểm thu nhập (điểm A, phiếu B1) {score} ≤ chuẩn nghèo {area} {line} điểm ({citation}).",
            en: "Income score (score A, form B1) {score} ≤ the {area} poverty line of {line} points ({citation})."
        ),
        "standards.reason.scoreAboveLine": (
            vi: "Điểm thu nhập (điểm A, phiếu B1) {score} > chuẩn nghèo {area} {line} điểm ({citation}); không có thang điểm cho hộ có mức sống trung bình.",
            en: "Income score (score A, form B1) {score} > the {area} poverty line of {line} points ({citation}); there is no point band for the average living standard."
        ),
        "standards.reason.scoreNotUsed": (
            vi: "{citation} không có thang điểm B1 nên không dùng điểm thu nhập {score}.",
            en: "{citation} has no form-B1 point lines, so the income score {score} is not used."
        ),
        "standards.reason.incomeAtOrBelowLine": (
            vi: "Thu nhập bình quân {income} đồng/người/tháng ≤ chuẩn nghèo {area} {line} đồng ({citation}).",
            en: "Per-capita income {income} VND/person/month ≤ the {area} poverty line of {line} VND ({citation})."
        ),
        "standards.reason.incomeInAverageLivingBand": (
            vi: "Thu nhập bình quân {income} đồng/người/tháng trên chuẩn nghèo {area} {line} đồng và không quá {upperBound} đồng: mức sống trung bình ({citation}).",
            en: "Per-capita income {income} VND/person/month is above the {area} poverty line of {line} VND and at most {upperBound} VND: average living standard ({citation})."
        ),
        "standards.reason.incomeAboveAverageLivingBand": (
            vi: "Thu nhập bình quân {income} đồng/người/tháng > {upperBound} đồng, mức cao nhất của hộ có mức sống trung bình {area} ({citation}).",
            en: "Per-capita income {income} VND/person/month > {upperBound} VND, the {area} upper bound of the average living standard ({citation})."
        ),
        "standards.reason.incomeAboveLine": (
            vi: "Thu nhập bình quân {income} đồng/người/tháng > chuẩn nghèo {area} {line} đồng ({citation}).",
            en: "Per-capita income {income} VND/person/month > the {area} poverty line of {line} VND ({citation})."
        ),
        "standards.reason.incomeUnknown": (
            vi: "Chưa có thông tin thu nhập (thu nhập bình quân hoặc điểm A).",
            en: "Income is unknown (neither per-capita income nor score A is given)."
        ),

        // Indicators.
        "standards.reason.answeredOnFormB2": (
            vi: "Thiếu hụt chỉ số “{indicator}” (theo phiếu B2).",
            en: "Deprived in “{indicator}” (ticked on form B2)."
        ),
        "standards.reason.indicatorUnknown": (
            vi: "Chỉ số “{indicator}”: chưa đủ thông tin để xác định.",
            en: "“{indicator}”: not enough information to decide."
        ),
        "standards.reason.derived.employment": (
            vi: "Thiếu hụt việc làm: {count} người trong độ tuổi lao động (từ {fromAge} tuổi đến tuổi nghỉ hưu) thất nghiệp hoặc làm công hưởng lương không có hợp đồng lao động.",
            en: "Deprived in employment: {count} member(s) of working age ({fromAge} to retirement age) unemployed or working for wages without a labour contract."
        ),
        "standards.reason.derived.dependents": (
            vi: "Thiếu hụt về người phụ thuộc: {count} trên {members} nhân khẩu là người phụ thuộc, quá {abovePercent} %.",
            en: "Deprived in dependants: {count} of {members} members are dependants, more than {abovePercent}%."
        ),
        "standards.reason.derived.nutrition": (
            vi: "Thiếu hụt dinh dưỡng: {count} trẻ em dưới {belowAge} tuổi bị suy dinh dưỡng.",
            en: "Deprived in nutrition: {count} child(ren) under {belowAge} malnourished."
        ),
        "standards.reason.derived.healthInsurance": (
            vi: "Thiếu hụt bảo hiểm y tế: {count} người từ {fromAge} tuổi trở lên không có bảo hiểm y tế.",
            en: "Deprived in health insurance: {count} member(s) aged {fromAge} or over without health insurance."
        ),
        "standards.reason.derived.adultEducation": (
            vi: "Thiếu hụt trình độ giáo dục của người lớn: {count} người từ {fromAge} đến {toAge} tuổi không đi học và chưa có bằng cấp phù hợp với độ tuổi.",
            en: "Deprived in adult education: {count} member(s) aged {fromAge} to {toAge} neither studying nor holding the qualification for their age."
        ),
        "standards.reason.derived.childSchooling": (
            vi: "Thiếu hụt tình trạng đi học của trẻ em: {count} trẻ em từ {fromAge} đến dưới {belowAge} tuổi không học đúng cấp học phù hợp với độ tuổi.",
            en: "Deprived in child schooling: {count} child(ren) aged {fromAge} to under {belowAge} not in the grade suitable for their age."
        ),
        "standards.reason.derived.housingQuality": (
            vi: "Thiếu hụt chất lượng nhà ở: nhà ở không bền chắc.",
            en: "Deprived in housing quality: the dwelling is not durable."
        ),
        "standards.reason.derived.housingArea": (
            vi: "Thiếu hụt diện tích nhà ở: {floorArea} m² cho {members} người, bình quân {perPerson} m²/người < {threshold} m².",
            en: "Deprived in floor area: {floorArea} m² for {members} members, {perPerson} m² per person < {threshold} m²."
        ),
        "standards.reason.derived.water": (
            vi: "Thiếu hụt nguồn nước sinh hoạt: không tiếp cận được nguồn nước hợp vệ sinh.",
            en: "Deprived in drinking water: no access to a hygienic water source."
        ),
        "standards.reason.derived.latrine": (
            vi: "Thiếu hụt nhà tiêu hợp vệ sinh: không có nhà tiêu hợp vệ sinh.",
            en: "Deprived in sanitation: no hygienic latrine."
        ),
        "standards.reason.derived.telecom": (
            vi: "Thiếu hụt dịch vụ viễn thông: không ai trong {members} nhân khẩu sử dụng internet.",
            en: "Deprived in telecommunication: none of the {members} members uses the internet."
        ),
        "standards.reason.derived.informationAccess": (
            vi: "Thiếu hụt phương tiện tiếp cận thông tin: không có ti vi, radio, máy tính, điện thoại thông minh và không nghe được loa truyền thanh.",
            en: "Deprived in access to information: no TV, radio, computer or smartphone, and the loudspeakers cannot be heard."
        ),
        "standards.reason.derived.waste": (
            vi: "Thiếu hụt về rác thải: rác thải sinh hoạt không được thu gom, xử lý hợp vệ sinh.",
            en: "Deprived in household waste: waste is not collected or treated hygienically."
        ),

        // Count and conclusion.
        "standards.reason.deprivationsAtOrAboveCutoff": (
            vi: "Thiếu hụt {count} chỉ số (điểm B = {score}), từ {cutoff} chỉ số trở lên.",
            en: "Deprived in {count} indicators (score B = {score}), {cutoff} or more."
        ),
        "standards.reason.deprivationsBelowCutoff": (
            vi: "Thiếu hụt {count} chỉ số (điểm B = {score}), dưới {cutoff} chỉ số.",
            en: "Deprived in {count} indicators (score B = {score}), fewer than {cutoff}."
        ),
        "standards.reason.deprivationsUndetermined": (
            vi: "Thiếu hụt {count} chỉ số đã xác định, dưới {cutoff}; {unknown} chỉ số chưa xác định có thể làm đủ {cutoff}.",
            en: "Deprived in {count} known indicators, fewer than {cutoff}; {unknown} undetermined indicators could make it {cutoff}."
        ),
        "standards.reason.conclusion.poor": (
            vi: "Kết luận: hộ nghèo theo {citation}.", en: "Conclusion: poor household under {citation}."
        ),
        "standards.reason.conclusion.nearPoor": (
            vi: "Kết luận: hộ cận nghèo theo {citation}.", en: "Conclusion: near-poor household under {citation}."
        ),
        "standards.reason.conclusion.averageLiving": (
            vi: "Kết luận: hộ có mức sống trung bình theo {citation}.",
            en: "Conclusion: household of average living standard under {citation}."
        ),
        "standards.reason.conclusion.notPoor": (
            vi: "Kết luận: không thuộc hộ nghèo, hộ cận nghèo theo {citation}.",
            en: "Conclusion: neither poor nor near-poor under {citation}."
        ),
        "standards.reason.conclusion.incomplete": (
            vi: "Kết luận: chưa đủ thông tin để xếp loại theo {citation}.",
            en: "Conclusion: not enough information to classify under {citation}."
        ),

        // Errors in standard and review-round files.
        "standards.error.syntax": (
            vi: "{path}: không phải JSON hợp lệ (byte {offset}: {reason}).",
            en: "{path}: not valid JSON (byte {offset}: {reason})."
        ),
        "standards.error.required": (vi: "{path}: thiếu giá trị bắt buộc.", en: "{path}: required value is missing."),
        "standards.error.unknownKey": (vi: "{path}: khóa không được hỗ trợ.", en: "{path}: unsupported key."),
        "standards.error.wrongType": (vi: "{path}: cần kiểu {expected}.", en: "{path}: expected {expected}."),
        "standards.error.notInList": (
            vi: "{path}: giá trị phải là một trong: {allowed}.", en: "{path}: must be one of: {allowed}."
        ),
        "standards.error.invalidDate": (vi: "{path}: ngày không hợp lệ.", en: "{path}: invalid date."),
        "standards.error.notPositive": (vi: "{path}: phải là số dương.", en: "{path}: must be positive."),
        "standards.error.outOfRange": (
            vi: "{path}: giá trị không hợp lý so với các giá trị liên quan.",
            en: "{path}: value is inconsistent with the related values."
        ),
        "standards.error.endBeforeStart": (
            vi: "{path}: ngày kết thúc trước ngày bắt đầu.", en: "{path}: ends before it starts."
        ),
        "standards.error.duplicate": (vi: "{path}: giá trị bị trùng.", en: "{path}: duplicate value."),
        "standards.error.unknownDimension": (
            vi: "{path}: nhóm chỉ số chưa được khai báo trong “dimensions”.",
            en: "{path}: dimension not declared in “dimensions”."
        ),
        "standards.error.unknownStandard": (
            vi: "{path}: không có chuẩn nghèo mã {id}.", en: "{path}: no poverty standard with id {id}."
        ),
        "standards.error.overlappingValidity": (
            vi: "{path}: thời gian hiệu lực trùng với chuẩn {id}.", en: "{path}: validity overlaps standard {id}."
        ),
        "standards.error.noStandards": (
            vi: "{path}: cần ít nhất một chuẩn nghèo.", en: "{path}: at least one poverty standard is needed."
        ),
    ]
}
