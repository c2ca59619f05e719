import Testing
@testable import ListwashParsers

struct HeaderNameTests {
    @Test(arguments: [("E-mail Address", "emailaddress"), ("email_address", "emailaddress"), ("EMAIL ADDRESS", "emailaddress"),
                      ("E-mail 1 - Value", "email1value"), ("  First  Name ", "firstname"), ("Prénom", "prénom"), ("", "")])
    func keyIgnoresCaseSpacesAndPunctuation(_ name: String, _ key: String) {
        #expect(HeaderName.key(name) == key)
    }
}
