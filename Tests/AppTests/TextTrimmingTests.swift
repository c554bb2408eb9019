import Foundation
import Testing
@testable import App

@Suite("Trimming names as Foundation trims them, without asking Foundation")
struct TextTrimmingTests {
    @Test("the spaces trimmed are exactly Foundation's whitespaces")
    func sameSpacesAsFoundation() {
        let disagreeing = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init)
            .filter { $0.isHorizontalSpace != CharacterSet.whitespaces.contains($0) }
        #expect(disagreeing == [])
    }

    @Test("a name loses the spaces at its ends, nothing else")
    func trimsEnds() {
        #expect("\u{3000}Lê Văn  An\t".trimmingSpaces == "Lê Văn  An")
        #expect("\u{00A0} \u{200B}".trimmingSpaces == "")
        #expect("\nAn\n".trimmingSpaces == "\nAn\n")
        #expect("An".trimmingSpaces == "An")
        #expect("".trimmingSpaces == "")
    }
}
