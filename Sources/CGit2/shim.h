#ifndef FERRY_CGIT2_SHIM_H
#define FERRY_CGIT2_SHIM_H
#include <git2.h>
// A custom object-database backend (LooseObjectGuard) is registered in front of libgit2's own.
#include <git2/sys/odb_backend.h>
// zlib, which libgit2 itself links, to check a loose object's stream before libgit2 inflates it.
#include <zlib.h>
#endif
