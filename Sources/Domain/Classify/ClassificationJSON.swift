/// The JSON form of a classification (`household-format.md`, "Classification result"): one
/// object on one line, keys in the documented order.
public enum ClassificationJSON {
    public static func encode(_ classification: Classification, code: String, language: Language = .vi) -> String {
        var output: [UInt8] = []
        write(classification, code: code, to: &output) { output in
            for (position, reason) in classification.reasons.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(reason.text(in: language), to: &output)
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
        JSONValue.writeString(code, to: &output)
        append(#","standard":"#, to: &output)
        JSONValue.writeString(classification.standardID, to: &output)
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
            JSONValue.writeString(key, to: &output)
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
}
