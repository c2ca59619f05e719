#include "CPhoneNumber.h"
#include <phonenumbers/phonenumberutil.h>
#include <cstring>
#include <set>
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

extern "C" size_t lw_phone_supported_regions(char *out, size_t out_cap) {
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    std::set<std::string> regions;
    util->GetSupportedRegions(&regions);
    std::string joined;
    for (const std::string &r : regions) {
        if (!joined.empty()) joined += ',';
        joined += r;
    }
    copy_out(joined, out, out_cap);
    return joined.size();
}

extern "C" int lw_phone_example(const char *region, int type, char *out, size_t out_cap) {
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    if (out_cap) out[0] = 0;
    if (type < PhoneNumberUtil::FIXED_LINE || type > PhoneNumberUtil::VOICEMAIL) return 0;
    PhoneNumber pn;
    if (!util->GetExampleNumberForType(region, static_cast<PhoneNumberUtil::PhoneNumberType>(type), &pn)) return 0;
    std::string formatted;
    util->Format(pn, PhoneNumberUtil::E164, &formatted);
    copy_out(formatted, out, out_cap);
    return 1;
}

extern "C" int lw_phone_format(const char *number, const char *region, int format, const char *calling_from, char *out, size_t out_cap) {
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber pn;
    if (out_cap) out[0] = 0;
    PhoneNumberUtil::ErrorType e = util->Parse(number, region, &pn);
    if (e != PhoneNumberUtil::NO_PARSING_ERROR) return -1 - (int)e;
    std::string formatted;
    if (format == LW_PHONE_OUT_OF_COUNTRY) {
        util->FormatOutOfCountryCallingNumber(pn, calling_from ? calling_from : "US", &formatted);
    } else if (format >= LW_PHONE_E164 && format <= LW_PHONE_RFC3966) {
        util->Format(pn, static_cast<PhoneNumberUtil::PhoneNumberFormat>(format), &formatted);
    }
    copy_out(formatted, out, out_cap);
    return util->IsValidNumber(pn) ? 1 : 0;
}
