// FUZZ_CHECK: a property of the fuzz targets. On violation it prints why and aborts, which
// libFuzzer reports as a crash and saves the input for.
#pragma once
#include <cstdio>
#include <cstdlib>

#include "binary/decoder.h"

#define FUZZ_CHECK(cond, ...)                                            \
  do {                                                                   \
    if (!(cond)) {                                                       \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond,     \
                   __FILE__, __LINE__);                                  \
      std::fprintf(stderr, __VA_ARGS__);                                 \
      std::fputc('\n', stderr);                                          \
      std::abort();                                                      \
    }                                                                    \
  } while (0)

// Every optional binary extension the text format accepts, so text and binary agree.
inline const nanoproc::DecodeOptions kDecode = [] {
  nanoproc::DecodeOptions o;
  o.custom_page_sizes = true;
  return o;
}();
