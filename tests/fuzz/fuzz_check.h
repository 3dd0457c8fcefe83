// Invariant checks shared by the fuzz targets: a violated invariant aborts,
// which both libFuzzer and the replay driver report as a crash with the input.

#ifndef RELGRAPH_TESTS_FUZZ_FUZZ_CHECK_H_
#define RELGRAPH_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define RELGRAPH_FUZZ_CHECK(cond)                                                   \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

#endif  // RELGRAPH_TESTS_FUZZ_FUZZ_CHECK_H_
