/// Writing text into XML.
enum XMLEscaping {
    /// Appends `text` as UTF-8 that is safe both as element content and inside a quoted attribute value.
    /// Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped, since no parser would accept them;
    /// tab, newline and carriage return become character references so that parsers do not normalise them away.
    static func append(_ text: String, to output: inout [UInt8]) {
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case 0x09: output.append(contentsOf: "&#9;".utf8)
            case 0x0A: output.append(contentsOf: "&#10;".utf8)
            case 0x0D: output.append(contentsOf: "&#13;".utf8)
            case 0x00..<0x20: continue
            case 0xEF: appendUnlessNonCharacter(lead: byte, &bytes, to: &output)
            default: output.append(byte)
            }
        }
    }

    static func escaped(_ text: String) -> String {
        var output: [UInt8] = []
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// U+FFFE and U+FFFF are encoded EF BF BE and EF BF BF; every other sequence led by EF is kept.
    private static func appendUnlessNonCharacter(lead: UInt8, _ bytes: inout String.UTF8View.Iterator, to output: inout [UInt8]) {
        guard let second = bytes.next(), let third = bytes.next() else { return }
        if second == 0xBF, third == 0xBE || third == 0xBF { return }
        output.append(lead)
        output.append(second)
        output.append(third)
    }
}
