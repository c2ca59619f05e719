// libxml2 for Swift. Debian's libxml2 is built with ICU: libxml/encoding.h pulls the system
// <unicode/ucnv.h>, which clashes with Foundation's bundled ICU module when one Swift target
// imports both (PLATFORM.md §1). Hiding LIBXML_ICU_ENABLED only drops two trailing ICU fields
// of xmlCharEncodingHandler, which listwash never touches.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
// xmlFree is a global function-pointer variable (not concurrency-safe to touch from Swift 6).
static inline void cxml_free(void *p) { xmlFree(p); }
