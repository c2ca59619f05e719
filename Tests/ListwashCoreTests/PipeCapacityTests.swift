#if canImport(Glibc)
import Glibc
#endif
import ListwashCore
import Testing

/// The pipes between stage commands are enlarged to 1 MiB; other descriptors are left alone.
struct PipeCapacityTests {
    @Test func aPipeGrowsToOneMebibyte() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(fcntl(fds[1], 1032) == 65536)  // F_GETPIPE_SZ: Linux's default
        #expect(PipeCapacity.enlarge(fds[1]))
        #expect(fcntl(fds[0], 1032) == PipeCapacity.bytes)
    }

    @Test func aFileIsNotAPipe() throws {
        let fd = open("/dev/null", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(!PipeCapacity.enlarge(fd))
    }
}
