#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import ListwashCore

/// `writeFully(_:_:count:)` writes the first `count` bytes of its buffers in order, however the
/// system splits the work: `writeVectors` is driven by a `writev` that takes a few bytes at a
/// time (a pipe or a signal can stop a real one anywhere, even inside a buffer).
struct WriteFullyTests {
    private static let pieces: [[UInt8]] = [Array(repeating: 0x61, count: 3), [],
                                            (0..<10_000).map { UInt8(truncatingIfNeeded: $0 % 251) },
                                            (0..<5_000).map { UInt8(truncatingIfNeeded: $0 % 239) }]

    /// Calls `body` with the bytes of every piece.
    private func withPieces<R>(_ body: ([UnsafeRawBufferPointer]) -> R) -> R {
        Self.pieces[0].withUnsafeBytes { a in Self.pieces[1].withUnsafeBytes { b in
            Self.pieces[2].withUnsafeBytes { c in Self.pieces[3].withUnsafeBytes { d in body([a, b, c, d]) } } } }
    }

    @Test(arguments: [0, 1, 3, 4, 4095, 10_003, 15_003])
    func piecesArriveWholeAndInOrderWhenEveryCallWritesInPart(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 1)
        var received: [UInt8] = []
        var calls = 0
        let failure = withPieces { buffers in
            writeVectors(buffers, count: count) { vectors in
                calls += 1
                if calls % 5 == 0 { errno = EINTR; return -1 }  // interrupted: tried again
                var budget = Int(rng.next() % 700) + 1
                var taken = 0
                for v in vectors where budget > 0 {
                    let n = Swift.min(budget, v.iov_len)
                    received += UnsafeRawBufferPointer(start: v.iov_base, count: n)
                    budget -= n
                    taken += n
                }
                return taken
            }
        }
        let expected = Array(Self.pieces.joined().prefix(count))
        let same = received == expected
        #expect(failure == 0)
        #expect(same, "\(received.count) bytes received, \(expected.count) expected")
    }

    @Test func aFailureIsReportedNotRetried() {
        var calls = 0
        let failure = withPieces { buffers in
            writeVectors(buffers, count: 100) { _ in calls += 1; errno = ENOSPC; return -1 }
        }
        #expect(failure == ENOSPC)
        #expect(calls == 1)
    }

    @Test func aRealPipeGetsTheBytes() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let failure = withPieces { writeFully(fds[1], $0, count: 1_000) }
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 2_000)
        let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        #expect(failure == 0)
        #expect(Array(buffer[..<n]) == Array(Self.pieces.joined().prefix(1_000)))
    }
}
