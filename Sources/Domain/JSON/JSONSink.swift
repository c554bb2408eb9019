/// Takes a JSON document as it is described, piece by piece: `JSONTree` builds a `JSONValue`,
/// `JSONBytes` writes the serialised text at once. A format described once against a sink (as
/// `HouseholdJSON` is) gives both without building a tree only to print it.
public protocol JSONSink {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// The key of the next value in an object.
    mutating func key(_ key: String)
    /// `key(_:)` given one of the format's names, which are plain ASCII and need no escape.
    mutating func key(name: StaticString)
    /// A value without parts (null, Boolean, number or string), or a whole tree.
    mutating func value(_ value: JSONValue)
}

extension JSONSink {
    public mutating func key(name: StaticString) { key(name.description) }

    /// The key (a name of the format) and its value, or nothing when there is no value.
    mutating func field(_ key: StaticString, _ value: JSONValue?) {
        guard let value else { return }
        self.key(name: key)
        self.value(value)
    }

    /// `field` with a key known only at run time.
    mutating func field(named key: String, _ value: JSONValue?) {
        guard let value else { return }
        self.key(key)
        self.value(value)
    }
}

/// Builds the `JSONValue` of what it is given.
public struct JSONTree: JSONSink {
    private enum Open {
        case object([(key: String, value: JSONValue)], key: String?)
        case array([JSONValue])
    }

    private var open: [Open] = []
    /// The whole document, once its outermost value has ended.
    public private(set) var root: JSONValue?

    public init() {}

    public mutating func beginObject() { open.append(.object([], key: nil)) }
    public mutating func beginArray() { open.append(.array([])) }

    public mutating func endObject() {
        guard case let .object(pairs, _) = open.popLast() else { preconditionFailure("endObject without beginObject") }
        value(.object(pairs))
    }

    public mutating func endArray() {
        guard case let .array(items) = open.popLast() else { preconditionFailure("endArray without beginArray") }
        value(.array(items))
    }

    public mutating func key(_ key: String) {
        guard case let .object(pairs, _) = open.popLast() else { preconditionFailure("a key outside an object") }
        open.append(.object(pairs, key: key))
    }

    public mutating func value(_ value: JSONValue) {
        switch open.popLast() {
        case nil:
            root = value
        case .object(var pairs, let key)?:
            guard let key else { preconditionFailure("a value in an object without its key") }
            pairs.append((key, value))
            open.append(.object(pairs, key: nil))
        case .array(var items)?:
            items.append(value)
            open.append(.array(items))
        }
    }
}

/// Writes what it is given as compact JSON text, exactly as `JSONValue.write(to:)` writes the
/// same tree.
public struct JSONBytes: JSONSink {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    public mutating func key(_ key: String) {
        separate()
        JSONValue.writeString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Copied as it is: checking a name for characters to escape cost more than writing it.
    public mutating func key(name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func value(_ value: JSONValue) {
        separate()
        value.write(to: &bytes)
        needsComma = true
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
