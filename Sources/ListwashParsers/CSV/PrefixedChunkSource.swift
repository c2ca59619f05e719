import ListwashCore

/// Serves bytes already read (the sample the delimiter was sniffed from) before the rest of
/// a chunk source, so sniffing never reads the input twice.
final class PrefixedChunkSource: UTF8ChunkSource {
    private var prefix: [UInt8]?
    private let rest: any UTF8ChunkSource

    init(prefix: [UInt8], rest: any UTF8ChunkSource) {
        self.prefix = prefix.isEmpty ? nil : prefix
        self.rest = rest
    }

    func read(into buffer: inout [UInt8]) throws(InputError) -> Int {
        if let p = prefix {
            prefix = nil
            buffer.append(contentsOf: p)
            return p.count
        }
        return try rest.read(into: &buffer)
    }
}
