import Fluent
import SQLKit
import Vapor

/// `GET /healthz`: for load balancers and operators; open without login.
struct HealthController: RouteCollection {
    struct Status: Content {
        let status: String
        let database: String
        let databaseKind: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
    }

    func health(req: Request) async throws -> Response {
        let kind = (req.db as? any SQLDatabase)?.dialect.name ?? "unknown"
        var databaseStatus = "ok"
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS one").all()
        } catch {
            req.logger.error("health check: \(String(reflecting: error))")
            databaseStatus = "unavailable"
        }
        let response = Response(status: databaseStatus == "ok" ? .ok : .serviceUnavailable)
        try response.content.encode(Status(status: databaseStatus == "ok" ? "ok" : "degraded", database: databaseStatus, databaseKind: kind), as: .json)
        return response
    }
}
