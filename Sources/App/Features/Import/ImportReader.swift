import Domain
import Foundation

/// Reads the files of an import into households: JSON (an array or JSON Lines), a CSV pair
/// (households and members), or an XLSX workbook with the two sheets. Every way in ends in the
/// Domain's one validator.
enum ImportReader {
    struct File: Sendable {
        let name: String
        let content: Data
    }

    enum Kind: Equatable {
        case json, csv, xlsx
    }

    static func kind(of name: String) -> Kind? {
        switch (name as NSString).pathExtension.lowercased() {
        case "json", "jsonl", "ndjson": .json
        case "csv": .csv
        case "xlsx": .xlsx
        default: nil
        }
    }

    /// The files' households, or the problems that name what is wrong with them.
    static func read(_ files: [File], today: LocalDate) throws(ImportFileError) -> ImportBatch {
        guard !files.isEmpty else { throw ImportFileError(Message("import.noFile")) }
        let kinds = try files.map { file throws(ImportFileError) -> Kind in
            guard let kind = kind(of: file.name) else { throw ImportFileError(Message("import.unknownFileKind", ["file": file.name])) }
            return kind
        }
        switch Set(kinds) {
        case [.json]:
            var batch = ImportBatch()
            for file in files { try readJSON(file, today: today, into: &batch) }
            return batch
        case [.csv]:
            return try ImportTables.readCSV(files, today: today)
        case [.xlsx] where files.count == 1:
            return try ImportTables.readXLSX(files[0], today: today)
        default:
            throw ImportFileError(Message("import.mixedFiles"))
        }
    }

    private static func readJSON(_ file: File, today: LocalDate, into batch: inout ImportBatch) throws(ImportFileError) {
        var remaining: [UInt8]? = Array(file.content)
        var reader = HouseholdStreamReader(source: {
            defer { remaining = nil }
            return remaining
        })
        var seen: Set<String> = []
        do {
            while let element = try reader.next() {
                batch.rowCount += 1
                let origin = ImportOrigin(sheet: file.name, row: element.index + 1)
                switch HouseholdJSON.decode(bytes: element.bytes, today: today) {
                case let .success(record):
                    if !seen.insert(record.code).inserted {
                        batch.issues.append(ImportIssue(FieldIssue(householdCode: record.code, field: "code", problem: .duplicateCode), at: origin))
                        continue
                    }
                    batch.records.append(record)
                    batch.origins.append(origin)
                case let .failure(invalid):
                    batch.issues += invalid.issues.map { ImportIssue($0, at: origin) }
                }
            }
        } catch let error as HouseholdStreamReader.SyntaxError {
            throw ImportFileError(Message("import.jsonSyntax", ["file": file.name, "household": String(error.index + 1), "byte": String(error.offset)]))
        } catch {
            throw ImportFileError(Message("import.unreadable", ["file": file.name]))
        }
    }
}

/// A file that cannot be read at all (not the households in it): the import stops with this message.
struct ImportFileError: Error, Sendable {
    let message: Message

    init(_ message: Message) { self.message = message }
}
