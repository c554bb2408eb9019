import Foundation

extension UUID {
    /// `uuidString`, as Fluent stores a UUID on SQLite, without the formatted printing Foundation
    /// does for it (a measurable cost over the millions of keys of an import).
    var upperCaseText: String {
        String(unsafeUninitializedCapacity: Self.textLength) { writeUpperCaseText(into: $0) }
    }

    static let textLength = 36

    /// Writes the 36 bytes of `upperCaseText` at the start of `text`; returns their count.
    func writeUpperCaseText(into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        withUnsafeBytes(of: uuid) { bytes in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = Self.hexDigit(byte >> 4)
                text[position + 1] = Self.hexDigit(byte & 0x0F)
                position += 2
            }
            return position
        }
    }

    /// `UUID(uuidString:)` without Foundation's `sscanf`, which on Linux cost seconds over the
    /// million member rows of a province's export: 36 characters, hyphens after the 8th, 12th,
    /// 16th and 20th hex digit, digits of either case.
    init?(text: String) {
        var text = text
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = text.withUTF8 { bytes in
            withUnsafeMutableBytes(of: &uuid) { value in
                guard bytes.count == Self.textLength else { return false }
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        guard bytes[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = Self.hexValue(bytes[position]), let low = Self.hexValue(bytes[position + 1]) else { return false }
                    value[index] = high << 4 | low
                    position += 2
                }
                return true
            }
        }
        guard parsed else { return nil }
        self.init(uuid: uuid)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
