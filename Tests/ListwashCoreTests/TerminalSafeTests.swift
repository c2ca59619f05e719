import ListwashCore
import Testing

/// Untrusted text printed for a person cannot drive the terminal.
struct TerminalSafeTests {
    @Test func escapesAndControlsAreMadeVisible() {
        #expect(TerminalSafe.visible("X\u{1B}[31mRED\u{1B}]0;pwned\u{07}") == "X\\u{1B}[31mRED\\u{1B}]0;pwned\\u{7}")
        #expect(TerminalSafe.visible("a\rb\u{7F}c\u{9B}d") == "a\\u{D}b\\u{7F}c\\u{9B}d")
        #expect(TerminalSafe.visible("abc\u{202E}fed") == "abc\\u{202E}fed")
    }

    @Test func ordinaryTextIsUnchanged() {
        for s in ["plain", "tab\tand\nnewline", "Zoë — “quoted” · ½ · 東京 · 🙂", "\u{2014}\u{2019}\u{2026}", ""] {
            #expect(TerminalSafe.visible(s) == s)
        }
    }
}
