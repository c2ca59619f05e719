import ArgumentParser
import ListwashCore
import ListwashParsers

/// `listwash parse FILE... | -`: contact exports in, JSON Lines records out.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: ParseSettings.spec.summary,
        discussion: "Settings (the same keys as an 'inputs:' entry of a pipeline file):\n" + ParseSettings.spec.settingsHelp)

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Input files ('-' for standard input), then settings as flags.", valueName: "file|settings"))
    var arguments: [String] = []

    func run() throws {
        ByteOutput.ignoreSigpipe()
        var files: [String] = []
        var flags: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a.hasPrefix("--") {
                flags.append(a)
                if !a.contains("="), let s = ParseSettings.spec.setting(flag: String(a.dropFirst(2))), s.kind != .boolean, i + 1 < arguments.count {
                    flags.append(arguments[i + 1])
                    i += 1
                }
            } else {
                files.append(a)
            }
            i += 1
        }
        if files.isEmpty { throw fail("listwash parse: error: no input file given [missing_input]\n  fix: 'listwash parse contacts.csv', or '-' to read standard input", status: ExitStatus.usage) }
        let settings: ParseSettings
        do { settings = try ParseSettings(settings: FlagParser.parse(flags, spec: ParseSettings.spec)) }
        catch { throw fail(error.description, status: ExitStatus.usage) }

        let out = ByteOutput.standardOutput()
        var ledger = Ledger(stage: "parse")
        var partial = false
        var line = JSONWriter(capacity: 4096)
        do {
            for file in files {
                var source: any RecordSource
                do { source = try SourceFactory.open(path: file, settings: settings) }
                catch let d as Diagnostic { throw fail(d, status: ExitStatus.failure) }
                catch let d as DiagnosticList { throw fail(d, status: ExitStatus.failure) }
                catch let e as InputError { throw fail(e.errorLine, status: ExitStatus.failure) }
                // Plain records come as their lines, written straight from the input.
                var recordsOfFile = 0
                while let next = try source.nextLine(into: &line) {
                    ledger.input += 1
                    recordsOfFile += 1
                    switch next {
                    case .written: ledger.output += 1
                    case .record(let r):
                        ledger.countOut(r)
                        r.writeJSON(to: &line)
                    }
                    line.byte(0x0A)
                    try out.write(line.bytes)
                    line.bytes.removeAll(keepingCapacity: true)
                }
                let facts = source.facts
                if !facts.isEmpty {
                    printError("parse: \(file): " + facts.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                    for f in facts { ledger.facts.append(KeyValue(files.count > 1 ? "\(file) \(f.key)" : f.key, f.value)) }
                }
                for d in source.partial {
                    printError(d.description)
                    ledger.partial.append("\(file): \(d.message)")
                    partial = true
                    // The pipe's later stages and the batch folder must know too (a pipe's exit
                    // status is easily lost): one `input_partial` reject stands for the unread rest.
                    let marker = ContactRecord.inputPartialMarker(d, file: file, record: recordsOfFile + 1)
                    ledger.input += 1
                    ledger.countOut(marker)
                    marker.writeJSON(to: &line)
                    line.byte(0x0A)
                    try out.write(line.bytes)
                    line.bytes.removeAll(keepingCapacity: true)
                }
            }
            try out.flush()
        } catch OutputError.closed {
            throw ExitCode(ExitStatus.ok)
        } catch let e as InputError {
            throw fail(e.errorLine, status: ExitStatus.failure)
        } catch let e as OutputError {
            throw fail("listwash parse: error: \(e) [output_failed]", status: ExitStatus.failure)
        } catch let d as Diagnostic {
            // A problem found only once the whole input was read (an XML record path that
            // matched none of its repeated elements).
            try? out.flush()
            throw fail(d, status: ExitStatus.failure)
        }
        try report([ledger], stats: common.stats)
        if partial { throw ExitCode(ExitStatus.failure) }
    }
}
