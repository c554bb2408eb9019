import Fluent
import Vapor

/// The `donghanh` command line: Vapor's `serve`, `migrate`, `routes`, and our own commands.
/// Two flags are ours and removed before Vapor reads the arguments: `--demo` (with `serve`,
/// loads the demo data into an empty database) and `--no-migrate` (skips the automatic migration).
public enum Entrypoint {
    public static func main() async throws {
        let commandLine = CommandLine.arguments
        if commandLine.count > 1, commandLine[1] == "classify" {
            try ClassifyCommand.run(arguments: Array(commandLine.dropFirst(2)))
            return
        }
        var environment = try Environment.detect()
        var arguments = environment.arguments
        let demo = remove("--demo", from: &arguments)
        let noMigrate = remove("--no-migrate", from: &arguments)
        environment.arguments = arguments
        try LoggingSystem.bootstrap(from: &environment)

        let app = try await Application.make(environment)
        do {
            try await configure(app, settings: try Settings.fromEnvironment())
            app.asyncCommands.use(DemoCommand(), as: "demo")
            app.asyncCommands.use(UnitsCommand(), as: "units")
            app.asyncCommands.use(UserCommand(), as: "user")
            app.asyncCommands.use(ReclassifyCommand(), as: "reclassify")
            app.asyncCommands.use(PermissionsCommand(), as: "permissions")
            app.asyncCommands.use(ImportCommand(), as: "import")
            let command = arguments.dropFirst().first ?? "serve"
            if !noMigrate, !["migrate", "routes", "permissions", "--help", "-h"].contains(command) {
                try await app.autoMigrate()
            }
            if demo {
                // A database holding real data is served as it is, with a warning, not refused.
                do {
                    let outcome = try await DemoLoader.load(on: app.db, hashPassword: { try app.password.hash($0) }, reset: false)
                    print(DemoLoader.report(outcome))
                } catch let refusal as DemoLoader.Refusal {
                    app.logger.warning("\(refusal)")
                }
            }
            try await app.execute()
        } catch {
            // The executable prints the error; the app only has to stop cleanly.
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func remove(_ flag: String, from arguments: inout [String]) -> Bool {
        let before = arguments.count
        arguments.removeAll { $0 == flag }
        return arguments.count != before
    }
}
