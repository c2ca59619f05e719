// Release-mode micro-benchmark of the exclusion tables without rebuilding the whole package
// (a release build of listwash relinks everything after each change). It compiles the stage's own table
// code with -O and times loading an exact-entry list and matching addresses against it:
//
//   swift build -c release --product listwash    # once: ListwashCore and CMemory, which these files import
//   swiftc -O -parse-as-library -I .build/release/Modules \
//       -Xcc -fmodule-map-file=.build/release/CMemory.build/module.modulemap -I Sources/CMemory/include \
//       Benchmarks/exclude/core_load.swift Sources/ListwashStages/Dedupe/{KeyText,Fingerprint128,FingerprintTable}.swift \
//       .build/release/ListwashCore.build/*.o .build/release/CMemory.build/*.o -o /tmp/core_load
//   /tmp/core_load ex.txt [records.txt]
//
// The load loop does what ExclusionLoader does for a bare address line (trim, comment check,
// fold, fingerprint, insert into a 24-byte-slot table pre-sized from the file size); matching
// folds and looks up one address per line of the second file. The whole stage adds the kind
// detection and the JSON Lines reading and writing around this (Benchmarks/exclude/measure.sh).
#if canImport(Glibc)
import Glibc
#endif

struct Ref { var line: UInt32; var source: UInt16; var bits: UInt16 }

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func forEachLine(_ path: String, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
    guard let f = fopen(path, "rb") else { print("cannot open \(path)"); exit(1) }
    defer { fclose(f) }
    var buf = [UInt8](repeating: 0, count: 1 << 20)
    var carry: [UInt8] = []
    var line = 0
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n == 0 { break }
        buf.withUnsafeBufferPointer { b in
            var start = 0
            for i in 0..<n where b[i] == 0x0A {
                line += 1
                if carry.isEmpty {
                    body(UnsafeBufferPointer(rebasing: b[start..<i]), line)
                } else {
                    carry.append(contentsOf: b[start..<i])
                    carry.withUnsafeBufferPointer { body($0, line) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = i + 1
            }
            carry.append(contentsOf: b[start..<n])
        }
    }
    if !carry.isEmpty { line += 1; carry.withUnsafeBufferPointer { body($0, line) } }
}

@main struct CoreLoad {
    static func main() {
        let args = CommandLine.arguments
        guard args.count >= 2 else { print("usage: core_load EXCLUSIONS [ADDRESSES]"); exit(64) }
        let key = FingerprintKey.random()
        var st = stat()
        stat(args[1], &st)
        let t0 = now()
        var table = FingerprintTable<Ref>(expected: Int(st.st_size) / 24, filler: Ref(line: 0, source: 0, bits: 0))
        var scratch: [UInt8] = []
        forEachLine(args[1]) { b, line in
            if b.first == UInt8(ascii: "#") { return }
            scratch.removeAll(keepingCapacity: true)
            guard KeyText.appendFolded(b, to: &scratch) else { return }
            _ = table.insertIfAbsent(Fingerprint128(scratch, key: key), Ref(line: UInt32(line), source: 0, bits: 0))
        }
        let t1 = now()
        print("loaded \(table.count) entries in \(Double(Int((t1 - t0) * 100)) / 100) s; table \(table.bytes / 1_048_576) MiB (\(table.bytes / max(table.count, 1)) bytes per entry)")
        guard args.count >= 3 else { return }
        var lookups = 0, hits = 0
        let t2 = now()
        forEachLine(args[2]) { b, _ in
            scratch.removeAll(keepingCapacity: true)
            guard KeyText.appendFolded(b, to: &scratch) else { return }
            lookups += 1
            if table.find(Fingerprint128(scratch, key: key)) != nil { hits += 1 }
        }
        let t3 = now()
        print("matched \(lookups) addresses (\(hits) hits) in \(Double(Int((t3 - t2) * 1000)) / 1000) s: \(Int(Double(lookups) / (t3 - t2))) per second")
    }
}
