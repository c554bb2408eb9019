/// Collects the text of a rich-text string (<si> in the shared strings, <is> in a cell): the <t> elements
/// of its runs, leaving out those of phonetic guides (<rPh>), which are not part of the string.
struct RichTextCollector {
    private(set) var text = ""
    private var isInText = false
    private var phoneticDepth = 0

    mutating func consume(_ token: XMLToken) {
        switch token {
        case .startElement("rPh", _): phoneticDepth += 1
        case .endElement("rPh"): phoneticDepth -= 1
        case .startElement("t", _): isInText = phoneticDepth == 0
        case .endElement("t"): isInText = false
        case .text(let part) where isInText: text += part
        default: break
        }
    }
}
