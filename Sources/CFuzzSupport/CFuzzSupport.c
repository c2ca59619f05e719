#include "CFuzzSupport.h"

extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t)) __attribute__((weak));

int lw_libfuzzer_available(void) { return LLVMFuzzerRunDriver != 0; }

int lw_libfuzzer_run(int argc, char **argv, lw_fuzz_callback callback) {
    if (!LLVMFuzzerRunDriver) return 2;
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
