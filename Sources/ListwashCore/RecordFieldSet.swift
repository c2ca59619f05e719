/// The contact properties a reader of JSON Lines wants as values.
///
/// The decoder still checks every value of a line (a line is read or rejected exactly as by a
/// full decode), but leaves the properties outside the set absent instead of making a `String`
/// of each. `dedupe` and `exclude` decide most records from the email alone and pass them on as
/// the lines they were read from (``PassThroughDeciding``): the other values are never needed.
/// Provenance, notes, changes and everything else are always decoded; so is the reject, but
/// for its `reason` and `fix` texts, which only a full decode makes (a stage passes a record
/// rejected upstream as its line, and counts it by code: in `exclude` and `batch`, 14% and 17%
/// of the benchmark's lines, the two texts were most of their strings).
public struct RecordFieldSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let email = RecordFieldSet(rawValue: 1 << 0)
    public static let firstName = RecordFieldSet(rawValue: 1 << 1)
    public static let lastName = RecordFieldSet(rawValue: 1 << 2)
    public static let phone = RecordFieldSet(rawValue: 1 << 3)
    public static let customerAcctName = RecordFieldSet(rawValue: 1 << 4)
    public static let tags = RecordFieldSet(rawValue: 1 << 5)
    /// Every property: a full decode.
    public static let all = RecordFieldSet(rawValue: 0x3F)
}
