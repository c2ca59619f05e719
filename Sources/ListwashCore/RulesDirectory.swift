#if canImport(Glibc)
import Glibc
#endif

/// Finds the `rules/` folder the tool ships (mapping presets, role-account presets, data).
///
/// Order: `$LISTWASH_RULES`; `rules/` beside or above the executable (a build tree
/// `.build/<config>/listwash` or an install prefix `bin/../share/listwash/rules`); `./rules`.
public enum RulesDirectory {
    public static func locate(environment: [String: String] = currentEnvironment()) -> String? {
        if let env = environment["LISTWASH_RULES"], isDirectory(env) { return env }
        var candidates: [String] = []
        if let exe = executablePath() {
            var dir = parent(exe)
            candidates.append(dir + "/../share/listwash/rules")
            for _ in 0..<6 {
                candidates.append(dir + "/rules")
                dir = parent(dir)
            }
        }
        candidates.append("rules")
        return candidates.first { isDirectory($0 + "/mappings") }
    }

    /// The file `relative` inside the rules folder, if it exists.
    public static func file(_ relative: String) -> String? {
        guard let dir = locate() else { return nil }
        let p = dir + "/" + relative
        return access(p, R_OK) == 0 ? p : nil
    }

    static func executablePath() -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func parent(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return i == p.startIndex ? "/" : String(p[..<i])
    }

    public static func isDirectory(_ p: String) -> Bool {
        var st = stat()
        return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}

/// The process environment as a dictionary.
public func currentEnvironment() -> [String: String] {
    var env: [String: String] = [:]
    var p = environ
    while let entry = p.pointee {
        let s = String(cString: entry)
        if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
        p += 1
    }
    return env
}
