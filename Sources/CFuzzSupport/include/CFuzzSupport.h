// Access to libFuzzer's driver when the binary is linked with -sanitize=fuzzer, without
// requiring it otherwise: the driver is declared weak, so a normal build links and runs the
// seeded mutation loop instead.
#ifndef CFUZZSUPPORT_H
#define CFUZZSUPPORT_H
#include <stddef.h>
#include <stdint.h>

typedef int (*lw_fuzz_callback)(const uint8_t *data, size_t size);

/// 1 when libFuzzer is linked in.
int lw_libfuzzer_available(void);

/// Runs libFuzzer's driver with the given arguments (argv[0] first); returns its status.
int lw_libfuzzer_run(int argc, char **argv, lw_fuzz_callback callback);
#endif
