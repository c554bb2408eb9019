import Foundation

// Foundation is used here only to find and read the shipped files; everything else is pure Swift.
extension StandardCatalog {
    /// The standards and review rounds shipped in `Resources/standards/`, loaded once.
    /// The files are part of the build and tested, so failing to load them is a build defect.
    public static let builtIn: StandardCatalog = {
        do {
            return try loadShipped()
        } catch {
            fatalError("shipped poverty standards are invalid: \(error)")
        }
    }()

    static let reviewRoundsFileName = "review-rounds.json"

    /// Every `*.json` in `Resources/standards/` is a standard, except the review-round file.
    static func loadShipped() throws -> StandardCatalog {
        // `.copy("Resources")` keeps the folder; Foundation on Linux already treats a bundle's
        // `Resources` folder as its resource directory, macOS does not: look in both places.
        guard let directory = Bundle.module.url(forResource: "standards", withExtension: nil)
            ?? Bundle.module.url(forResource: "standards", withExtension: nil, subdirectory: "Resources")
        else { throw CocoaError(.fileNoSuchFile) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && $0 != reviewRoundsFileName }
            .sorted()
        func bytes(_ name: String) throws -> [UInt8] {
            Array(try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        return try load(standardsJSON: names.map(bytes), reviewRoundsJSON: bytes(reviewRoundsFileName))
    }
}
