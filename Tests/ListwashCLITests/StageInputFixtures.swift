import Foundation
import Testing

/// Two records as a stage command reads them, and the objects a command wrote: shared by the
/// tests of what stage commands make of their input's shape (`StageInputShapeTests`,
/// `ByteOrderMarkInputTests`).
enum StageInputFixtures {
    static let record = #"{"email":"a@example.com","first_name":"Jane","_src":{"file":"x.csv","record":1,"line":2}}"#
    static let second = #"{"email":"b@example.com","_src":{"file":"x.csv","record":2,"line":3}}"#

    /// The JSON objects a command wrote.
    static func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }
}
