#ifndef FERRY_CGIT2_SHIM_H
#define FERRY_CGIT2_SHIM_H
#include <git2.h>
// A custom object-database backend (LooseObjectGuard) is registered in front of libgit2's own.
#include <git2/sys/odb_backend.h>
// git_repository_set_index: a pre-commit hook reads the index git names in GIT_INDEX_FILE.
#include <git2/sys/repository.h>
// zlib, which libgit2 itself links, to check a loose object's stream before libgit2 inflates it.
#include <zlib.h>
#endif
