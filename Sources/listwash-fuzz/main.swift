// listwash-fuzz TARGET [--seconds N] [--seed N] [libFuzzer options and corpus folders...]
//
// With libFuzzer linked in (scripts/fuzz.sh builds it with -sanitize=fuzzer,address), the
// remaining arguments go to libFuzzer. Without it, a seeded mutation loop runs for --seconds.
// A finding traps; the input that caused it is written to crash-TARGET-<pid> first.
import CFuzzSupport
import Foundation
import ListwashCore

let args = CommandLine.arguments
guard args.count >= 2, let target = FuzzTarget.all.first(where: { $0.name == args[1] }) else {
    let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: listwash-fuzz TARGET [--seconds N] [--seed N] [libFuzzer args]\n  targets: \(names)\n".utf8))
    exit(64)
}
nonisolated(unsafe) var selected = target
CrashCapture.install(target: target.name)
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
/// The target's seed folders that exist, as absolute paths.
let seedFolders: [String] = target.seedFolders.map { $0.hasPrefix("/") ? $0 : root + "/" + $0 }.filter {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue
}

if lw_libfuzzer_available() != 0 {
    var cargs = [args[0]] + args.dropFirst(2)
    // With a corpus folder first, libFuzzer writes new inputs there and also reads the seed
    // folders named after it, so a run starts from the fixtures and the shared corpus rather
    // than from nothing. (With a file first, libFuzzer re-runs files: nothing is added.)
    var isDir: ObjCBool = false
    if let first = args.dropFirst(2).first(where: { !$0.hasPrefix("-") }),
       FileManager.default.fileExists(atPath: first, isDirectory: &isDir), isDir.boolValue {
        cargs += seedFolders
    }
    var argv: [UnsafeMutablePointer<CChar>?] = cargs.map { strdup($0) } + [nil]
    let status = argv.withUnsafeMutableBufferPointer { buf in
        lw_libfuzzer_run(Int32(buf.count - 1), buf.baseAddress) { data, size in
            let bytes = UnsafeBufferPointer(start: data, count: size)
            CrashCapture.current = bytes
            selected.run(bytes)
            return 0
        }
    }
    ScratchFile.shared.removeAll()
    exit(status)
}

var seconds = 10.0
var seed: UInt64 = 1
var i = 2
while i < args.count {
    if args[i] == "--seconds", i + 1 < args.count { seconds = Double(args[i + 1]) ?? seconds; i += 2; continue }
    if args[i] == "--seed", i + 1 < args.count { seed = UInt64(args[i + 1]) ?? seed; i += 2; continue }
    i += 1
}
var seeds: [[UInt8]] = []
for path in seedFolders {
    guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
    for case let file as String in walker {
        if let d = FileManager.default.contents(atPath: path + "/" + file), d.count < 200_000 { seeds.append(Array(d)) }
    }
}
var loop = MutationLoop(seeds: seeds, rng: SplitMix64(seed: seed))
let deadline = Date().addingTimeInterval(seconds)
var runs = 0
while Date() < deadline {
    for _ in 0..<50 {
        let input = loop.mutate()
        input.withUnsafeBufferPointer { buf in
            CrashCapture.current = buf
            target.run(buf)
        }
        runs += 1
    }
}
ScratchFile.shared.removeAll()
print("fuzz \(target.name): \(runs) runs in \(Int(seconds)) s from \(seeds.count) seeds (mutation loop, seed \(seed)): no finding")
