import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashParsers

struct UTF8TranscoderTests {
    static func utf16(_ s: String, bigEndian: Bool) -> [UInt8] {
        s.utf16.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test(arguments: [false, true])
    func utf16SurvivesEveryChunkSplit(_ bigEndian: Bool) {
        let text = "a,é\n漢😀,\"x\"\r\n"
        let bytes = Self.utf16(text, bigEndian: bigEndian)
        for size in 1...5 {
            var t = UTF8Transcoder.UTF16(bigEndian: bigEndian)
            var out: [UInt8] = []
            var i = 0
            while i < bytes.count {
                let chunk = Array(bytes[i..<min(i + size, bytes.count)])
                chunk.withUnsafeBufferPointer { t.transcode($0, into: &out) }
                i += size
            }
            t.finish(into: &out)
            #expect(out == Array(text.utf8), "chunk \(size)")
        }
    }

    @Test func unpairedSurrogatesAndOddBytesBecomeTheInvalidMarker() {
        var t = UTF8Transcoder.UTF16(bigEndian: false)
        var out: [UInt8] = []
        [0x00, 0xDC, 0x41, 0x00, 0x00, 0xD8].withUnsafeBufferPointer { t.transcode($0, into: &out) }  // low, 'A', high
        t.finish(into: &out)
        #expect(out == [0xFF, 0x41, 0xFF])
    }

    @Test func windows1252MapsTheC1BlockAndMarksUndefinedBytes() {
        let t = UTF8Transcoder.SingleByte(encoding: "windows-1252")
        var out: [UInt8] = []
        [0x41, 0x80, 0x81, 0xE9, 0x9F].withUnsafeBufferPointer { t.transcode($0, into: &out) }
        #expect(out == Array("A€".utf8) + [0xFF] + Array("éŸ".utf8))
    }

    @Test func completePrefixStopsBeforeACutCharacter() {
        let bytes = Array("aé漢".utf8)  // 1 + 2 + 3 bytes
        for (cut, expected) in [(1, 1), (2, 1), (3, 3), (4, 3), (5, 3), (6, 6)] {
            let n = Array(bytes[0..<cut]).withUnsafeBufferPointer { UTF8Transcoder.completePrefixLength($0) }
            #expect(n == expected, "cut \(cut)")
        }
    }

    @Test func aCharacterCutByTheFirstChunkIsNotMistakenForWindows1252() throws {
        // 1 MiB of ASCII minus one byte, then 'é': the first chunk ends inside it.
        var bytes = [UInt8](repeating: 0x61, count: ByteInput.chunkSize - 1)
        bytes += Array("é\n".utf8)
        let (rows, _) = try { () throws -> ([UInt8], Int) in
            let dir = try ListwashTestSupport.TemporaryDirectory()
            defer { dir.remove() }
            let input = try UTF8TextInput(ByteInput(path: dir.write("big.txt", bytes: bytes)))
            #expect(input.encoding == "utf-8")
            var all: [UInt8] = []
            while try input.read(into: &all) > 0 {}
            return (all, 0)
        }()
        #expect(rows == bytes)
    }
}
