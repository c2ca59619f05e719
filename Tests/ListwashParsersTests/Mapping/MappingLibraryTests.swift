import Testing
import ListwashTestSupport
@testable import ListwashParsers

struct MappingLibraryTests {
    static func library() throws -> MappingLibrary { try MappingLibrary.shipped() }

    @Test func shipsTheRequiredCSVPresetsAndSkipsXMLOnes() throws {
        let names = Set(try Self.library().presets.map(\.name))
        for required in ["generic", "google-contacts", "outlook", "hubspot", "mailchimp", "shopify", "linkedin", "salesforce"] {
            #expect(names.contains(required), "\(required)")
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("x.yaml", "name: xcard\nformat: xml\nrecord: /vcards/vcard\n")
        _ = try dir.write("c.yaml", "name: c\nformat: csv\ncolumns: {email: Mail}\n")
        #expect(try MappingLibrary.load(directory: dir.path).presets.map(\.name) == ["c"])
    }

    @Test func presetNamesMatchTheirFiles() throws {
        for p in try Self.library().presets {
            #expect(p.path.hasSuffix("/\(p.name).yaml"), "\(p.path)")
        }
    }

    @Test(arguments: [
        ("Email,First Name,Last Name,Phone,Company,Tags", "generic"),
        ("Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value", "google-contacts"),
        ("First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value", "google-contacts"),
        ("First Name,Middle Name,Last Name,E-mail Address,Business Phone,Categories", "outlook"),
        ("E-mail Address,E-mail 2 Address,E-mail 3 Address", "outlook"),
        ("Record ID,First Name,Last Name,Email,Lifecycle Stage", "hubspot"),
        ("Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,LEID", "mailchimp"),
        ("First Name,Last Name,Email,Accepts Email Marketing,Company,Phone,Total Spent,Tags", "shopify"),
        ("First Name,Last Name,URL,Email Address,Company,Position,Connected On", "linkedin"),
        ("First Name,Last Name,Account Name,Email,Contact ID,Mailing City", "salesforce"),
        ("First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name", "thunderbird"),
        ("email_address,name", "generic"),
    ])
    func detectsThePresetFromTheHeader(_ header: String, _ preset: String) throws {
        let keys = header.split(separator: ",").map { HeaderName.key(String($0)) }
        #expect(try Self.library().detect(headerKeys: keys)?.name == preset)
    }
}
