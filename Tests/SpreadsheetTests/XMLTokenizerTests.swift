import Foundation
import Testing
@testable import Spreadsheet

struct XMLTokenizerTests {
    /// Tokenizes `xml` fed in chunks of `chunkSize` bytes.
    private func tokens(_ xml: String, chunkSize: Int = 1 << 20) throws -> [XMLToken] {
        var tokenizer = XMLTokenizer(part: "test.xml")
        var tokens: [XMLToken] = []
        let bytes = Array(xml.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            tokenizer.append(Data(bytes[start..<min(start + chunkSize, bytes.count)]))
            while let token = try tokenizer.next() { tokens.append(token) }
        }
        tokenizer.endInput()
        while let token = try tokenizer.next() { tokens.append(token) }
        return tokens
    }

    @Test func decodesEntitiesInTextAndAttributes() throws {
        let xml = #"<t a="&quot;x&quot; &amp; &apos;y&apos;">&lt;b&gt; &amp; &#65;&#x1EA1;&#x110;</t>"#
        #expect(try tokens(xml) == [
            .startElement(name: "t", attributes: [XMLAttribute(name: "a", value: #""x" & 'y'"#)]),
            .text("<b> & Aạ\u{110}"),
            .endElement(name: "t"),
        ])
    }

    @Test func givesTheSameTokensWhateverTheChunks() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment --><x:root xmlns:x="urn:x" xmlns="urn:y" x:id="7"><x:c r="A1" t='s'/><v>Nguyễn Thị Hồng Đào &amp; 1</v>\
            <t xml:space="preserve"> <![CDATA[<raw> & ]]> </t></x:root>
            """
        let whole = try tokens(xml)
        #expect(whole.first == .startElement(name: "root", attributes: [XMLAttribute(name: "id", value: "7")]))
        #expect(whole.contains(.text("Nguyễn Thị Hồng Đào & 1")))
        #expect(whole.contains(.text("<raw> & ")))
        #expect(whole.contains(.endElement(name: "c")))
        for chunkSize in [1, 2, 3, 7, 64] {
            #expect(try tokens(xml, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test(arguments: [
        ("<a><b></a>", "</a> found where </b> was expected"),
        ("<a><b>", "the document ends before </b>"),
        ("<a>&nbsp;</a>", "unknown entity &nbsp;"),
        ("<a>&amp</a>", "unterminated character reference at byte 3"),
        ("<a x=1/>", "attribute x of <a> is not quoted"),
        ("<a <b/></a>", "invalid character in a name at byte 3"),
        ("<a", "the document ends inside a tag"),
        ("<!DOCTYPE a><a/>", "DOCTYPE and other declarations are not supported"),
        ("", "the document has no root element"),
        ("</a>", "</a> closes no element"),
    ])
    func reportsBrokenXML(xml: String, reason: String) {
        #expect(throws: SpreadsheetError.malformedXML(part: "test.xml", reason: reason)) { try tokens(xml) }
    }
}
