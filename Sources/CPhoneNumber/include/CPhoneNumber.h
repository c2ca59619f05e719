// A small C API over libphonenumber's C++ (Swift's C++ interop crashes on its protobuf
// headers: PLATFORM.md §2), so Swift calls plain C functions. Strings are NUL-terminated UTF-8;
// every output buffer is NUL-terminated and truncated to its capacity.
#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/// Output formats of `lw_phone_format` (libphonenumber's PhoneNumberFormat, plus one).
enum {
    LW_PHONE_E164 = 0,
    LW_PHONE_INTERNATIONAL = 1,
    LW_PHONE_NATIONAL = 2,
    LW_PHONE_RFC3966 = 3,
    /// As dialled from the region `calling_from` (FormatOutOfCountryCallingNumber).
    LW_PHONE_OUT_OF_COUNTRY = 4
};

/// Parses `number` with `region` as the default region (ISO 3166 alpha-2, e.g. "US").
/// Writes E.164 into `out` (without extension) and the extension, if any, into `ext`.
/// Returns 1 = valid, 0 = parsed but not a valid number, <0 = -(1 + PhoneNumberUtil::ErrorType).
int lw_phone_to_e164(const char *number, const char *region, char *out, size_t out_cap, char *ext, size_t ext_cap);

/// Whether `region` is a region libphonenumber knows (1) or not (0).
int lw_phone_region_supported(const char *region);

/// Writes every supported region code, comma-separated and sorted ("AC,AD,AE,..."), into `out`.
/// Returns the length of the whole list, so a caller can retry with a larger buffer.
size_t lw_phone_supported_regions(char *out, size_t out_cap);

/// Writes libphonenumber's example number of `type` (PhoneNumberUtil::PhoneNumberType as an
/// int: 0 FIXED_LINE, 1 MOBILE, ... 10 VOICEMAIL) for `region` in E.164 into `out`.
/// Returns 1 when the region has an example of that type, 0 otherwise.
int lw_phone_example(const char *region, int type, char *out, size_t out_cap);

/// Parses `number` with `region` as the default region and formats it as `format` (one of the
/// LW_PHONE_* values; `calling_from` is used by LW_PHONE_OUT_OF_COUNTRY only).
/// Returns what `lw_phone_to_e164` returns.
int lw_phone_format(const char *number, const char *region, int format, const char *calling_from, char *out, size_t out_cap);

#ifdef __cplusplus
}
#endif
#endif
