#ifndef FERRY_CGIT2_SHIM_H
#define FERRY_CGIT2_SHIM_H
#include <git2.h>
#endif
