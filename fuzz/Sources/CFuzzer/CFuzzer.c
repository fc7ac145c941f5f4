// Declarations only (include/CFuzzer.h): libFuzzer's runtime provides the definitions.
#include "CFuzzer.h"
