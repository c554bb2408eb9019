import Domain
import Vapor

/// What every page's frame needs: title, who is logged in, the language switch.
struct Layout: Encodable {
    let title: String
    let language: String
    let otherLanguage: String
    let currentPath: String
    let userName: String?
    let roleLabel: String?
    /// Every form posts it back (`CSRFMiddleware`).
    let csrf: String
    /// Links in the menu, shown only to users who may follow them.
    let menu: [MenuLink]

    init(request: Request, title: String) {
        self.title = title
        self.language = request.language.rawValue
        self.otherLanguage = request.language == .vi ? Language.en.rawValue : Language.vi.rawValue
        self.currentPath = request.url.string
        let user = request.auth.get(User.self)
        self.userName = user?.displayName
        self.roleLabel = user.map { request.text("role.\($0.role)") }
        self.csrf = request.csrfToken
        self.menu = MenuLink.all.filter { request.may($0.permission) }.map { link in
            MenuLink(path: link.path, label: request.text(link.label), permission: link.permission)
        }
    }
}

struct MenuLink: Encodable {
    let path: String
    let label: String
    let permission: Permission

    private enum CodingKeys: String, CodingKey { case path, label }

    static let all = [
        MenuLink(path: "/households", label: "nav.households", permission: .viewHouseholds),
        MenuLink(path: "/households/disagreements", label: "nav.disagreements", permission: .viewHouseholds),
        MenuLink(path: "/imports", label: "nav.imports", permission: .editHouseholds),
        MenuLink(path: "/analytics", label: "nav.analytics", permission: .viewReports),
        MenuLink(path: "/reclassification", label: "nav.reclassification", permission: .previewReclassification),
        MenuLink(path: "/users", label: "nav.users", permission: .manageUsers),
        MenuLink(path: "/audit", label: "nav.audit", permission: .viewAuditLog),
        MenuLink(path: "/account", label: "nav.account", permission: .viewReports),
    ]
}

/// Formatting helpers that follow the visitor's language (`domain.md` §7).
struct Formatter {
    let language: Language

    func date(_ iso: String?) -> String {
        guard let iso, let date = LocalDate(iso: iso) else { return "" }
        return VietnameseFormat.date(date)
    }

    func number(_ value: Int?) -> String {
        value.map { VietnameseFormat.integer($0, in: language) } ?? ""
    }

    func money(_ value: Int?) -> String {
        value.map { VietnameseFormat.money($0, in: language) } ?? ""
    }

    func timestamp(_ value: Date?) -> String {
        value.map { VietnameseFormat.timestamp($0) } ?? ""
    }

    func code(_ prefix: String, _ value: String?) -> String {
        guard let value else { return "" }
        return Translations.text("\(prefix).\(value)", in: language)
    }
}

extension Request {
    var formatter: Formatter { Formatter(language: language) }
}
