import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashParsers

struct ColumnMappingTests {
    static let at = SourcePosition(file: "t.csv", line: 1, column: 1)

    static func mapping(_ header: [String], preset: String = "generic", inline: [KeyValue] = []) throws -> ColumnMapping {
        let lib = try MappingLibrary.shipped()
        return try ColumnMapping(header: header, preset: lib.preset(named: preset)!, generic: lib.preset(named: "generic"), inline: inline, at: at)
    }

    @Test func synonymsFindTheColumns() throws {
        let m = try Self.mapping(["E-mail Address", "FirstName", "surname", "Organisation", "Mobile", "Labels", "Birthday"])
        #expect(m.slots.map { "\($0.target)=\($0.columns)" } == ["email=[0]", "first_name=[1]", "last_name=[2]", "phone=[4]", "customer_acct_name=[3]", "tags=[5]"])
        #expect(m.unmapped == ["Birthday"])
    }

    /// Every column's `_extra` key is unique (one JSON object holds them): a repeated name
    /// never takes the name of a column written so, nor a renamed column's.
    @Test(arguments: [
        (["Email", "Notes", "Notes", "Notes (2)"], [KeyValue](), ["Email", "Notes", "Notes (3)", "Notes (2)"]),
        (["Email", "Notes", "Notes", "Notes"], [], ["Email", "Notes", "Notes (2)", "Notes (3)"]),
        (["Email", "", "column 2"], [], ["Email", "column 2 (2)", "column 2"]),
        (["Email", "A", "Notes"], [KeyValue("Notes", "A")], ["Email", "Notes", "Notes (2)"]),
    ])
    func extraKeysAreUnique(header: [String], inline: [KeyValue], keys: [String]) throws {
        #expect(try Self.mapping(header, inline: inline).extraKeys == keys)
    }

    /// A European Excel sheet names its columns in its language: German, French, Spanish,
    /// Italian and Dutch headers map like the English ones (the email column was not found at
    /// all in three of them, and 'Firma' or 'Telefon' went to `_extra`).
    @Test(arguments: [
        ["E-Mail-Adresse", "Vorname", "Nachname", "Telefon", "Firma"],
        ["Courriel", "Prénom", "Nom", "Téléphone", "Société"],
        ["Adresse e-mail", "Prénom", "Nom de famille", "Portable", "Entreprise"],
        ["Correo electrónico", "Nombre", "Apellidos", "Teléfono", "Empresa"],
        ["Indirizzo email", "Nome", "Cognome", "Telefono", "Azienda"],
        ["E-mailadres", "Voornaam", "Achternaam", "Telefoonnummer", "Bedrijf"],
    ])
    func europeanHeadersFindTheColumns(_ header: [String]) throws {
        let m = try Self.mapping(header)
        #expect(m.slots.map { "\($0.target)=\($0.columns)" } == ["email=[0]", "first_name=[1]", "last_name=[2]", "phone=[3]", "customer_acct_name=[4]"])
        #expect(m.unmapped.isEmpty)
    }

    /// Exports of other tools name their columns their own way: Pipedrive's people export,
    /// Brevo's `SMS` and Constant Contact's `Phone - mobile` map like the usual names (the
    /// Pipedrive file stopped with `csv_no_email_column`; the phones went to `_extra`).
    @Test(arguments: [
        (["Person - Name", "Person - Email - Work", "Person - Phone - Work", "Person - Organization", "Person - Labels"],
         ["email=[1]", "full_name=[0]", "phone=[2]", "customer_acct_name=[3]", "tags=[4]"]),
        (["EMAIL", "FIRSTNAME", "LASTNAME", "SMS"], ["email=[0]", "first_name=[1]", "last_name=[2]", "phone=[3]"]),
        (["Email address", "First name", "Phone - mobile"], ["email=[0]", "first_name=[1]", "phone=[2]"]),
    ])
    func otherToolsHeadersFindTheColumns(_ header: [String], _ expected: [String]) throws {
        let m = try Self.mapping(header)
        #expect(m.slots.map { "\($0.target)=\($0.columns)" }.sorted() == expected.sorted())
        #expect(m.unmapped.isEmpty)
    }

    /// With no synonym for it, the email column is the first short header that says "email"
    /// and is not a fact about the address (``EmailHeaderGuess``).
    @Test(arguments: [
        (["Email Opt In", "Subscriber E-Mail (primary)", "Name"], 1),
        (["Email Lists", "Email Status", "Member Email"], 2),
        (["Attendee email", "Email Verified"], 0),
    ])
    func aShortHeaderSayingEmailIsTheEmailColumnWhenNoSynonymIs(_ header: [String], _ column: Int) throws {
        let m = try Self.mapping(header)
        #expect(m.slots.first { $0.target == .email }?.columns == [column])
        #expect(!m.unmapped.contains(header[column]))
    }

    @Test(arguments: [
        ["Email Opt In", "Email Status", "Last Email Sent"],
        ["Name", " you may notice that some of the email addresses are missing"],
    ])
    func factsAboutAnAddressAndSentencesAreNeverTheEmailColumn(_ header: [String]) throws {
        #expect { _ = try Self.mapping(header) } throws: { ($0 as? Diagnostic)?.code == "csv_no_email_column" }
    }

    @Test func aPresetThatExtendsNothingGuessesNothing() throws {
        let own = MappingPreset(name: "own", columns: [(.firstName, ["first"])])
        #expect { _ = try ColumnMapping(header: ["Member Email", "First"], preset: own, generic: nil, inline: [], at: Self.at) } throws: {
            ($0 as? Diagnostic)?.code == "csv_no_email_column"
        }
    }

    @Test func severalCandidatesKeepTheirPriorityOrder() throws {
        let m = try Self.mapping(["E-mail 2 - Value", "E-mail 1 - Value"], preset: "google-contacts")
        #expect(m.slots.first { $0.target == .email }?.columns == [1, 0])
    }

    /// Sweep 10 F14: a Salesforce lead report names the company "Company / Account".
    @Test func salesforceLeadReportsCompanyColumnIsTheCompany() throws {
        let header = ["Lead Owner", "Salutation", "First Name", "Last Name", "Title", "Company / Account", "Email", "Phone", "Mobile",
                      "Lead Source", "Lead Status", "Rating"]
        #expect(try MappingLibrary.shipped().detect(headerKeys: header.map(HeaderName.key))?.name == "salesforce")
        let m = try Self.mapping(header, preset: "salesforce")
        #expect(m.slots.first { $0.target == .customerAcctName }?.columns == [5])
        #expect(!m.unmapped.contains("Company / Account"))
    }

    @Test func presetWithoutGenericFallback() throws {
        let lib = try MappingLibrary.shipped()
        let own = MappingPreset(name: "own", columns: [(.email, ["courriel"])])
        let m = try ColumnMapping(header: ["Courriel", "First Name"], preset: own, generic: lib.preset(named: "generic"), inline: [], at: Self.at)
        #expect(m.unmapped == ["First Name"])
    }

    @Test func presetYAMLErrorsHavePositions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let p = try dir.write("bad.yaml", "name: bad\nformat: csv\ncolumns:\n  emial: Email\n")
        #expect { _ = try MappingPreset.load(path: p) } throws: {
            let d = $0 as? Diagnostic
            return d?.position?.line == 4 && d?.position?.column == 3 && d?.message == "unknown mapping target 'emial'"
        }
        let q = try dir.write("typo.yaml", "name: t\nformat: csv\ncolums: {}\n")
        #expect { _ = try MappingPreset.load(path: q) } throws: { ($0 as? Diagnostic)?.code == "unknown_key" }
    }
}
