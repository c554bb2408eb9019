#if canImport(Glibc)
import Foundation
import Glibc
import Testing
@testable import App

@Suite("Memory given back after large work")
struct FreedMemoryTests {
    /// Resident size of this process, from /proc.
    private static func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
        return (Int(statm[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("200 MB of small blocks freed below one still in use stay with the process until given back, then go")
    func givenBack() throws {
        #expect(FreedMemory.canGiveBack)
        let blockSize = 1_000, count = 200_000
        let blocks = (0..<count).map { _ in
            let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 8)
            block.initializeMemory(as: UInt8.self, repeating: 1, count: blockSize)
            return block
        }
        // Above the freed blocks, so that free() itself cannot shrink the heap from its top.
        let keeper = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 8)
        defer { keeper.deallocate() }
        for block in blocks { block.deallocate() }
        let beforeGivingBack = try Self.residentBytes()
        FreedMemory.giveBack()
        let afterGivingBack = try Self.residentBytes()
        #expect(beforeGivingBack - afterGivingBack > 100_000_000)
    }
}
#endif
