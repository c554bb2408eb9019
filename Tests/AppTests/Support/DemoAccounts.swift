import Domain

enum DemoAccounts {
    static func password(_ username: String) -> String {
        DemoDataset.make().accounts.first { $0.username == username }?.password ?? ""
    }
}
