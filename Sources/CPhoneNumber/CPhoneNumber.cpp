#include "CPhoneNumber.h"
#include <phonenumbers/phonenumberutil.h>
#include <cstring>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static void copy_out(const std::string &s, char *out, size_t cap) {
    if (cap == 0) return;
    size_t n = s.size() < cap - 1 ? s.size() : cap - 1;
    std::memcpy(out, s.data(), n);
    out[n] = 0;
}

extern "C" int lw_phone_to_e164(const char *number, const char *region, char *out, size_t out_cap, char *ext, size_t ext_cap) {
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber pn;
    if (out_cap) out[0] = 0;
    if (ext_cap) ext[0] = 0;
    PhoneNumberUtil::ErrorType e = util->Parse(number, region, &pn);
    if (e != PhoneNumberUtil::NO_PARSING_ERROR) return -1 - (int)e;
    std::string formatted;
    util->Format(pn, PhoneNumberUtil::E164, &formatted);
    copy_out(formatted, out, out_cap);
    if (pn.has_extension()) copy_out(pn.extension(), ext, ext_cap);
    return util->IsValidNumber(pn) ? 1 : 0;
}

extern "C" int lw_phone_region_supported(const char *region) {
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    std::set<std::string> regions;
    util->GetSupportedRegions(&regions);
    return regions.count(region) ? 1 : 0;
}
