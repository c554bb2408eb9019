import Domain
import Leaf
import Vapor

extension Request {
    /// The visitor's language: the `lang` cookie, else Vietnamese.
    var language: Language {
        cookies["lang"].flatMap { Language(rawValue: $0.string) } ?? .vi
    }

    func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
        Translations.render(Message(key, parameters), in: language)
    }
}

/// `#t("key")` or `#t("key", "name", value, …)` in templates: text from the translation table.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw "#t needs a translation key"
        }
        var parameters: [String: String] = [:]
        var index = 1
        while index + 1 < ctx.parameters.count {
            if let name = ctx.parameters[index].string {
                parameters[name] = ctx.parameters[index + 1].string ?? ""
            }
            index += 2
        }
        let language = ctx.request?.language ?? .vi
        return .string(Translations.render(Message(key, parameters), in: language))
    }
}

struct LanguageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("language", ":code", use: switchLanguage)
    }

    /// Sets the language cookie and returns to the page the visitor came from (a local path only).
    func switchLanguage(req: Request) async throws -> Response {
        let code = req.parameters.get("code").flatMap(Language.init(rawValue:)) ?? .vi
        let back = (try? req.query.get(String.self, at: "back")).flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        let response = req.redirect(to: back)
        response.cookies["lang"] = HTTPCookies.Value(
            string: code.rawValue, maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }
}
