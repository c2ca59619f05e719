#if canImport(Glibc)
import Glibc
#endif
import ListwashCLI

// A write past the file-size limit (`ulimit -f`) then fails with EFBIG, which the writers report
// as an error naming the file (and clean up after), instead of SIGXFSZ killing the process
// halfway through a write.
signal(SIGXFSZ, SIG_IGN)

await ListwashCommand.runFromCommandLine()
