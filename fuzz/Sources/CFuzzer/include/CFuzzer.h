#ifndef FERRY_CFUZZER_H
#define FERRY_CFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, LLVM 11 and later): runs the fuzzing loop with
/// `callback` as the target, taking libFuzzer's flags from argv.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
