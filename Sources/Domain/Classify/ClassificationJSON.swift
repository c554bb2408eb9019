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
        append(#"{"code":"#, to: &output)
        writeString(code, to: &output)
        append(#","standard":"#, to: &output)
        writeString(classification.standardID, to: &output)
        append(#","area":""#, to: &output)
        appendText(classification.area.rawValue, to: &output)
        append(#"","status":""#, to: &output)
        appendText(classification.status.rawValue, to: &output)
        append(#"","incomeBasis":"#, to: &output)
        if let basis = classification.incomeBasis {
            output.append(UInt8(ascii: "\""))
            appendText(basis.rawValue, to: &output)
            output.append(UInt8(ascii: "\""))
        } else {
            append("null", to: &output)
        }
        append(#","incomeLine":"#, to: &output)
        if let line = classification.incomeLine {
            appendText(String(line), to: &output)
        } else {
            append("null", to: &output)
        }
        append(#","deprived":["#, to: &output)
        // `deprived`, without building the array.
        var first = true
        for key in classification.indicatorOrder where classification.deprivedSet.contains(key) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(UInt8(ascii: "\""))
            appendText(key.rawValue, to: &output)
            output.append(UInt8(ascii: "\""))
        }
        append(#"],"deprivationScore":"#, to: &output)
        appendText(String(classification.deprivationScore), to: &output)
        append(#","missing":["#, to: &output)
        for (position, key) in classification.missing.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeString(key, to: &output)
        }
        append(#"],"explanation":["#, to: &output)
        explanation(&output)
        append("]}", to: &output)
    }

    /// Literal text, copied from where the compiler put it.
    private static func append(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Text known to need no escape (codes and numbers), copied through its UTF-8 buffer.
    private static func appendText(_ text: String, to output: inout [UInt8]) {
        text.withUTF8Bytes { output.append(contentsOf: $0) }
    }

    /// A JSON string escaped as `JSONValue.serialized` escapes it.
    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeEscaped(text, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// The inside of a JSON string.
    static func writeEscaped(_ text: String, to output: inout [UInt8]) {
        text.withUTF8Bytes { writeEscaped($0, to: &output) }
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
