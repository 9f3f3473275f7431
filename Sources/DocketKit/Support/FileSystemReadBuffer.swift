#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The buffer `FileSystem.withBytes` reads a file into: one per thread, kept for the thread's
/// life, so reading 10^5 files allocates nothing per file (the reading threads are Dispatch's
/// workers, which live as long as the process).
/// `@unchecked Sendable`: each buffer is reached only from the thread it belongs to.
final class ReadBuffer: @unchecked Sendable {
    /// What a new buffer holds: every record file fits, so the first read usually reads it whole.
    static let initialCapacity = 65_536
    /// A buffer grown past this for one large file is given back once the file is copied out.
    static let keptCapacity = 1 << 22

    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int

    private init() {
        capacity = Self.initialCapacity
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Makes room for at least `wanted` bytes, keeping the first `kept`.
    func reserve(_ wanted: Int, keeping kept: Int) {
        guard wanted > capacity else { return }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: 16)
        grown.copyMemory(from: base, byteCount: kept)
        base.deallocate()
        base = grown
        capacity = wanted
    }

    /// Gives back the memory of a buffer a large file grew.
    func shrinkIfLarge() {
        guard capacity > Self.keptCapacity else { return }
        base.deallocate()
        capacity = Self.initialCapacity
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    /// The calling thread's buffer, made on its first read.
    static var current: ReadBuffer {
        if let stored = pthread_getspecific(key) { return Unmanaged<ReadBuffer>.fromOpaque(stored).takeUnretainedValue() }
        let buffer = ReadBuffer()
        pthread_setspecific(key, Unmanaged.passRetained(buffer).toOpaque())
        return buffer
    }

    /// The thread-specific slot; its destructor releases a buffer when its thread ends.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        #if canImport(Darwin)
        pthread_key_create(&key) { Unmanaged<ReadBuffer>.fromOpaque($0).release() }
        #else
        pthread_key_create(&key) { if let stored = $0 { Unmanaged<ReadBuffer>.fromOpaque(stored).release() } }
        #endif
        return key
    }()
}
