/// The rules a new password must meet. Length matters most (NIST SP 800-63B); a password
/// that is the username, or one character repeated, is refused outright.
public enum PasswordPolicy {
    public static let minimumLength = 12

    /// The reasons `password` is refused, empty when it is acceptable.
    public static func problems(password: String, username: String) -> [Message] {
        var problems: [Message] = []
        if password.count < minimumLength {
            problems.append(Message("password.tooShort", ["minimum": String(minimumLength)]))
        }
        let folded = password.lowercased()
        if !username.isEmpty, folded.contains(username.lowercased()) {
            problems.append(Message("password.containsUsername"))
        }
        if Set(password).count < 4 {
            problems.append(Message("password.tooSimple"))
        }
        return problems
    }
}
