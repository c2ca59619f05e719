#if canImport(Glibc)
import Glibc
#endif
import ListwashCore

/// Writes a small text file through a temporary name and a rename, so no reader ever sees half of it.
func writeTextFile(_ path: String, _ text: String) throws {
    let tmp = path + ".tmp-\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw OutputError.failed(path: path, message: "cannot create: \(String(cString: strerror(errno)))") }
    let out = ByteOutput(descriptor: fd, path: path)
    do {
        try out.write(text)
        try out.flush()
    } catch {
        close(fd)
        unlink(tmp)
        throw error
    }
    close(fd)
    guard rename(tmp, path) == 0 else {
        let message = String(cString: strerror(errno))
        unlink(tmp)
        throw OutputError.failed(path: path, message: "cannot write: \(message)")
    }
}
