#if canImport(Glibc)
import Glibc
#endif

/// Gives the memory freed by a large piece of work (an export, an import) back to the system.
/// glibc keeps what a thread frees in that thread's arena for reuse; work done on several
/// threads in turn left a server that needs about 40 MB holding 600 MB after a few province
/// exports (measured on 250,000 households).
enum FreedMemory {
    static func giveBack() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }

    /// Whether memory can be given back here (glibc).
    static var canGiveBack: Bool {
        #if canImport(Glibc)
        mallocTrim != nil
        #else
        false
        #endif
    }

    #if canImport(Glibc)
    /// glibc's `malloc_trim`, which Swift's Glibc module does not show (it is in malloc.h);
    /// nil under another C library.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
        .map { unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self) }
    #endif
}
