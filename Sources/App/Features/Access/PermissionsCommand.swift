import Domain
import Vapor

/// `donghanh permissions`: prints the permissions table (Markdown) that the code enforces; the
/// README's table is this output, and a test keeps the two the same.
struct PermissionsCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Print the permissions table the app enforces" }

    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.output(PermissionTable.markdown().consoleText())
    }
}
