import Foundation
import ListwashCore
import ListwashTestSupport
import Testing
@testable import ListwashImport

/// A batch directory's file is written in whole blocks while an earlier run's content lies ahead
/// (so ext4 never reads an earlier block from disk to overwrite part of it), at once past it,
/// and ends up holding exactly the bytes written, whatever the sizes of the earlier file and of
/// the pieces.
struct TemporaryFileBlockTests {
    /// A directory holding one earlier `batch-00001.json` of `oldSize` bytes, prepared for a run,
    /// so that the next file takes that one over.
    private func directoryWithEarlierFile(_ dir: TemporaryDirectory, oldSize: Int) throws -> BatchDirectory {
        _ = try dir.write("out/batch-00001.json", bytes: [UInt8](repeating: 0x78, count: oldSize))
        let directory = BatchDirectory(path: dir.path + "/out", fsync: false)
        try directory.prepare()
        return directory
    }

    @Test func onlyWholeBlocksAreWrittenBeforeTheCommit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let directory = try directoryWithEarlierFile(dir, oldSize: 20_000)
        let file = try TemporaryFile(directory: directory, name: "batch-00001.json")
        let block = file.blockSize
        try file.write([[UInt8](repeating: 0x7B, count: 10), [UInt8](repeating: 0x61, count: block + 5), [0x7D]])
        #expect(file.written == block)
        try file.write([UInt8](repeating: 0x62, count: 3))
        #expect(file.written == block)
        try file.write([UInt8](repeating: 0x63, count: 2 * block))
        #expect(file.written == 3 * block)
        try file.commit()
        let expected = [UInt8](repeating: 0x7B, count: 10) + [UInt8](repeating: 0x61, count: block + 5) + [0x7D]
            + [UInt8](repeating: 0x62, count: 3) + [UInt8](repeating: 0x63, count: 2 * block)
        #expect(file.written == expected.count)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/batch-00001.json"))) == expected)
    }

    @Test func pastTheEarlierFilesEndEverythingIsWrittenAtOnce() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let directory = try directoryWithEarlierFile(dir, oldSize: 5_000)
        let file = try TemporaryFile(directory: directory, name: "batch-00001.json")
        let block = file.blockSize
        try file.write([UInt8](repeating: 0x61, count: 100))
        #expect(file.written == 0)
        try file.write([UInt8](repeating: 0x62, count: 2 * block + 7))
        #expect(file.written == 2 * block + 107)
        try file.write([UInt8](repeating: 0x63, count: 3))
        #expect(file.written == 2 * block + 110)
        try file.commit()
        let expected = [UInt8](repeating: 0x61, count: 100) + [UInt8](repeating: 0x62, count: 2 * block + 7) + [0x63, 0x63, 0x63]
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/batch-00001.json"))) == expected)
    }

    @Test func aNewFileIsWrittenAsTheBytesArrive() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let directory = BatchDirectory(path: dir.path + "/out", fsync: false)
        try directory.prepare()
        let file = try TemporaryFile(directory: directory, name: "batch-00001.json")
        try file.write([[UInt8](repeating: 0x7B, count: 10), [0x7D]])
        #expect(file.written == 11)
        try file.write([UInt8](repeating: 0x61, count: 5_000))
        #expect(file.written == 5_011)
        try file.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/batch-00001.json")).count == 5_011)
    }

    @Test(arguments: [0, 1, 100, 4095, 4096, 4097, 9000, 70_000])
    func anEarlierFileOfAnySizeEndsUpHoldingExactlyTheNewBytes(oldSize: Int) throws {
        var rng = SplitMix64(seed: UInt64(oldSize) + 7)
        for round in 0..<12 {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let directory = try directoryWithEarlierFile(dir, oldSize: oldSize)
            let file = try TemporaryFile(directory: directory, name: "batch-00001.json")
            var expected: [UInt8] = []
            for _ in 0..<Int(rng.next() % 5) {
                let chunks = (0..<Int(rng.next() % 4)).map { _ in
                    (0..<Int(rng.next() % 9_000)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 26 + 0x61) }
                }
                try file.write(chunks)
                expected += chunks.joined()
                // A block written in part never holds earlier content.
                #expect(file.written % file.blockSize == 0 || file.written / file.blockSize * file.blockSize >= oldSize)
            }
            try file.commit()
            let stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/batch-00001.json")))
            #expect(stored == expected, "round \(round): \(stored.count) bytes stored, \(expected.count) written")
        }
    }
}
