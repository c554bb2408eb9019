extension Translations {
    /// Texts of the Alkire–Foster analytics (page, chart, CSV), merged into `table`.
    /// Indicator names are the table's `indicator.<key>` entries.
    static let analyticsEntries: [String: (vi: String, en: String)] = [
        "analytics.title": (vi: "Phân tích nghèo đa chiều", en: "Multidimensional poverty analysis"),
        "analytics.heading": (vi: "Phân tích nghèo đa chiều (phương pháp Alkire–Foster)", en: "Multidimensional poverty analysis (Alkire–Foster method)"),
        "analytics.intro": (
            vi: "Mỗi chỉ số có trọng số như nhau; hộ nghèo đa chiều khi thiếu hụt từ ngưỡng của chuẩn trở lên (3 chỉ số). Thu nhập chỉ nêu bên cạnh, không tính vào chỉ số. Hộ có chỉ số chưa xác định không được tính.",
            en: "Every indicator weighs the same; a household is multidimensionally poor when deprived in at least the standard's cut-off (3 indicators). Income is shown beside the measure, not part of it. Households with an unknown indicator are left out."
        ),
        "analytics.downloadCSV": (vi: "Tải tệp CSV", en: "Download CSV"),
        "analytics.empty": (vi: "Không có hộ nào đủ dữ liệu trong phạm vi đã chọn.", en: "No household with complete data in this selection."),
        "analytics.indicator": (vi: "Chỉ số", en: "Indicator"),
        "analytics.uncensored": (vi: "Tỷ lệ thiếu hụt chung", en: "Uncensored headcount ratio"),
        "analytics.censored": (vi: "Tỷ lệ nghèo đa chiều và thiếu hụt", en: "Censored headcount ratio"),
        "analytics.contribution": (vi: "Đóng góp vào M0", en: "Contribution to M0"),

        "analytics.csv.key": (vi: "Mã", en: "Key"),
        "analytics.csv.label": (vi: "Nội dung", en: "Item"),
        "analytics.csv.value": (vi: "Giá trị", en: "Value"),
        "analytics.csv.uncensored": (vi: "Tỷ lệ thiếu hụt chung", en: "Uncensored headcount ratio"),
        "analytics.csv.censored": (vi: "Tỷ lệ nghèo đa chiều và thiếu hụt", en: "Censored headcount ratio"),
        "analytics.csv.contribution": (vi: "Đóng góp vào M0 (%)", en: "Contribution to M0 (%)"),

        "analytics.weighting.households": (vi: "Theo hộ", en: "By household"),
        "analytics.weighting.people": (vi: "Theo nhân khẩu", en: "By person"),

        "analytics.measure.standard": (vi: "Chuẩn nghèo ({citation})", en: "Poverty standard ({citation})"),
        "analytics.measure.weighting": (vi: "Đơn vị tính", en: "Unit counted"),
        "analytics.measure.households": (vi: "Số hộ đã xác định đủ các chỉ số", en: "Households with every indicator known"),
        "analytics.measure.excludedIncomplete": (
            vi: "Số hộ không tính vì có chỉ số chưa xác định", en: "Households left out for an unknown indicator"
        ),
        "analytics.measure.n.households": (vi: "Số hộ được tính (n)", en: "Households counted (n)"),
        "analytics.measure.n.people": (vi: "Số người được tính (n)", en: "People counted (n)"),
        "analytics.measure.q.households": (vi: "Số hộ nghèo đa chiều (q)", en: "Multidimensionally poor households (q)"),
        "analytics.measure.q.people": (vi: "Số người nghèo đa chiều (q)", en: "Multidimensionally poor people (q)"),
        "analytics.measure.indicatorCount": (vi: "Số chỉ số, mỗi chỉ số có trọng số 1/d (d)", en: "Indicators, each weighted 1/d (d)"),
        "analytics.measure.cutoff": (vi: "Số chỉ số thiếu hụt tối thiểu để nghèo đa chiều (k)", en: "Deprivations needed to be multidimensionally poor (k)"),
        "analytics.measure.headcount": (vi: "Tỷ lệ nghèo đa chiều (H = q/n)", en: "Multidimensional headcount ratio (H = q/n)"),
        "analytics.measure.intensity": (vi: "Mức độ thiếu hụt bình quân của nhóm nghèo (A)", en: "Average intensity among the poor (A)"),
        "analytics.measure.adjustedHeadcount": (vi: "Chỉ số nghèo đa chiều điều chỉnh (M0 = H × A)", en: "Adjusted headcount ratio (M0 = H × A)"),
        "analytics.measure.incomeAtOrBelowLine": (
            vi: "Tỷ lệ có thu nhập bằng hoặc dưới chuẩn (không thuộc M0)", en: "Share at or below the income line (not part of M0)"
        ),
        "analytics.measure.incomeAtOrBelowLineAndPoor": (
            vi: "Tỷ lệ vừa có thu nhập bằng hoặc dưới chuẩn vừa nghèo đa chiều",
            en: "Share at or below the income line and multidimensionally poor"
        ),
        "analytics.measure.incomeUnknown": (vi: "Tỷ lệ chưa rõ thu nhập", en: "Share with unknown income"),

        "analytics.chart.contribution": (vi: "Đóng góp của từng chỉ số vào M0", en: "Contribution of each indicator to M0"),
        "analytics.chart.censoredHeadcount": (
            vi: "Tỷ lệ nghèo đa chiều và thiếu hụt theo chỉ số", en: "Censored headcount ratio by indicator"
        ),
        "analytics.chart.uncensoredHeadcount": (vi: "Tỷ lệ thiếu hụt chung theo chỉ số", en: "Uncensored headcount ratio by indicator"),
    ]
}
