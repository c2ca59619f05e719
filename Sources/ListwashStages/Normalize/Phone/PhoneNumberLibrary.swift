import CPhoneNumber

/// Swift face of libphonenumber, through the C shim in `CPhoneNumber` (Swift's C++ interop
/// crashes on libphonenumber's protobuf headers: PLATFORM.md §2). One parse costs about 20 µs,
/// so ``PhoneNormalizer`` caches results.
public enum PhoneNumberLibrary {
    /// What libphonenumber made of a number.
    public enum Parse: Equatable, Sendable {
        /// Parsed; `e164` without extension; `isValid` per `IsValidNumber`.
        case parsed(e164: String, extension: String?, isValid: Bool)
        /// Not a phone number at all (libphonenumber's `ErrorType`, e.g. NOT_A_NUMBER).
        case unparseable(ParseError)
    }

    /// libphonenumber's `PhoneNumberUtil::ErrorType`.
    public enum ParseError: Int32, Sendable {
        case invalidCountryCode = 1, notANumber, tooShortAfterIDD, tooShortNSN, tooLongNSN

        /// A lowercase phrase for messages.
        public var phrase: String {
            switch self {
            case .invalidCountryCode: return "no valid country code"
            case .notANumber: return "it does not have the digits of one"
            case .tooShortAfterIDD: return "too short after the international prefix"
            case .tooShortNSN: return "too short"
            case .tooLongNSN: return "too long"
            }
        }
    }

    /// Output formats for ``format(_:region:as:callingFrom:)``.
    public enum Format: Int32, Sendable, CaseIterable {
        case e164 = 0, international, national, rfc3966, outOfCountry
    }

    /// libphonenumber's `PhoneNumberType`, for example numbers.
    public enum NumberType: Int32, Sendable, CaseIterable {
        case fixedLine = 0, mobile, fixedLineOrMobile, tollFree, premiumRate, sharedCost, voip, personalNumber, pager, uan, voicemail
    }

    /// The longest text handed to libphonenumber, in UTF-8 bytes: its own limit
    /// (`kMaxInputStringLength`), which the version Debian ships checks only after running
    /// its regular expressions over the whole text. Longer text is `tooLongNSN`.
    public static let maxInputLength = 250

    /// Parses `number` with `region` as the default region.
    public static func parse(_ number: String, region: String) -> Parse {
        // Refused before libphonenumber sees it: its regular expressions (ICU) took 12 s on a
        // value of 20,000 digits and over a minute on 50,000.
        if number.utf8.count > maxInputLength { return .unparseable(.tooLongNSN) }
        var out = [CChar](repeating: 0, count: 64)
        var ext = [CChar](repeating: 0, count: 64)
        let rc = lw_phone_to_e164(number, region, &out, out.count, &ext, ext.count)
        if rc < 0 { return .unparseable(ParseError(rawValue: -rc - 1) ?? .notANumber) }
        let e164 = string(out)
        let extText = string(ext)
        return .parsed(e164: e164, extension: extText.isEmpty ? nil : extText, isValid: rc == 1)
    }

    /// Whether libphonenumber knows `region` (ISO 3166 alpha-2, uppercase).
    public static func isSupported(region: String) -> Bool { lw_phone_region_supported(region) == 1 }

    /// Every region libphonenumber has metadata for, sorted.
    public static var supportedRegions: [String] {
        var buf = [CChar](repeating: 0, count: 2048)
        let n = lw_phone_supported_regions(&buf, buf.count)
        if n >= buf.count {
            buf = [CChar](repeating: 0, count: n + 1)
            _ = lw_phone_supported_regions(&buf, buf.count)
        }
        return string(buf).split(separator: ",").map(String.init)
    }

    /// libphonenumber's example number of `type` for `region`, in E.164.
    public static func example(region: String, type: NumberType) -> String? {
        var out = [CChar](repeating: 0, count: 64)
        return lw_phone_example(region, type.rawValue, &out, out.count) == 1 ? string(out) : nil
    }

    /// `number` parsed with `region` and formatted as `format` by libphonenumber.
    public static func format(_ number: String, region: String, as format: Format, callingFrom: String = "US") -> String? {
        var out = [CChar](repeating: 0, count: 96)
        let rc = lw_phone_format(number, region, format.rawValue, callingFrom, &out, out.count)
        return rc < 0 ? nil : string(out)
    }

    private static func string(_ buf: [CChar]) -> String {
        buf.withUnsafeBufferPointer { p in
            let bytes = UnsafeRawBufferPointer(p).bindMemory(to: UInt8.self)
            let n = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<n]), as: UTF8.self)
        }
    }
}
