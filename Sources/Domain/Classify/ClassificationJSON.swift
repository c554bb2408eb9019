/// The JSON form of a classification (`household-format.md`, "Classification result"): one
/// object on one line, keys in the documented order.
public enum ClassificationJSON {
    public static func encode(_ classification: Classification, code: String, language: Language = .vi) -> String {
        var output: [UInt8] = []
        write(classification, code: code, to: &output) { output in
            for (position, reason) in classification.reasons.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeString(reason.text(in: language), to: &output)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the object (without a line break) to `output`; `explanation` writes the
    /// sentences, comma-separated JSON strings, between the brackets of `explanation`.
    static func write(
        _ classification: Classification, code: String, to output: inout [UInt8],
        explanation: (inout [UInt8]) -> Void
    ) {
        output.append(contentsOf: #"{"code":"#.utf8)
        writeString(code, to: &output)
        output.append(contentsOf: #","standard":"#.utf8)
        writeString(classification.standardID, to: &output)
        output.append(contentsOf: #","area":""#.utf8)
        output.append(contentsOf: classification.area.rawValue.utf8)
        output.append(contentsOf: #"","status":""#.utf8)
        output.append(contentsOf: classification.status.rawValue.utf8)
        output.append(contentsOf: #"","incomeBasis":"#.utf8)
        if let basis = classification.incomeBasis {
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: basis.rawValue.utf8)
            output.append(UInt8(ascii: "\""))
        } else {
            output.append(contentsOf: "null".utf8)
        }
        output.append(contentsOf: #","incomeLine":"#.utf8)
        if let line = classification.incomeLine {
            output.append(contentsOf: String(line).utf8)
        } else {
            output.append(contentsOf: "null".utf8)
        }
        output.append(contentsOf: #","deprived":["#.utf8)
        // `deprived`, without building the array.
        var first = true
        for key in classification.indicatorOrder where classification.deprivedSet.contains(key) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: key.rawValue.utf8)
            output.append(UInt8(ascii: "\""))
        }
        output.append(contentsOf: #"],"deprivationScore":"#.utf8)
        output.append(contentsOf: String(classification.deprivationScore).utf8)
        output.append(contentsOf: #","missing":["#.utf8)
        for (position, key) in classification.missing.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeString(key, to: &output)
        }
        output.append(contentsOf: #"],"explanation":["#.utf8)
        explanation(&output)
        output.append(contentsOf: "]}".utf8)
    }

    /// A JSON string escaped as `JSONValue.serialized` escapes it.
    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeEscaped(text, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// The inside of a JSON string.
    static func writeEscaped(_ text: String, to output: inout [UInt8]) {
        var text = text
        // Through a buffer, bytes are scanned and copied without iterating the string's views.
        text.withUTF8 { writeEscaped($0, to: &output) }
    }

    static func writeEscaped(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        // Most text needs no escape: copied whole.
        if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output.append(contentsOf: text)
            return
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
    }
}
