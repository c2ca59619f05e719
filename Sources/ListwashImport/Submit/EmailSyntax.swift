/// The email check the bulk importer applies (`Field 'email' incorrect format`), used to
/// re-validate a batch locally when a 400's failureReasons cannot be mapped back by index.
/// Deliberately the server's coarse rule, not the normalizer's full RFC check.
public enum EmailSyntax {
    public static func isValid(_ email: String) -> Bool {
        let bytes = Array(email.utf8)
        guard !bytes.isEmpty, bytes.count <= 254 else { return false }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else { return false }
        if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) { return false }
        if bytes[..<at].contains(UInt8(ascii: "@")) { return false }
        let domain = bytes[(at + 1)...]
        guard let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > domain.startIndex, dot < domain.endIndex - 1 else { return false }
        return !domain.starts(with: [UInt8(ascii: ".")]) && !email.contains("..")
    }
}
