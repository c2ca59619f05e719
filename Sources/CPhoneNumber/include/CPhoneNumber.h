// A small C API over libphonenumber's C++ (Swift's C++ interop crashes on its protobuf
// headers: PLATFORM.md §2), so Swift calls plain C functions.
#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/// Parses `number` with `region` as the default region (ISO 3166 alpha-2, e.g. "US").
/// Writes E.164 into `out` (without extension) and the extension, if any, into `ext`.
/// Returns 1 = valid, 0 = parsed but not a valid number, <0 = -(1 + PhoneNumberUtil::ErrorType).
int lw_phone_to_e164(const char *number, const char *region, char *out, size_t out_cap, char *ext, size_t ext_cap);

/// Whether `region` is a region libphonenumber knows (1) or not (0).
int lw_phone_region_supported(const char *region);

#ifdef __cplusplus
}
#endif
#endif
