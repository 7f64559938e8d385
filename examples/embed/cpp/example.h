// Shared by the C++ examples: load a module or end the program with the error.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

#include "nanoproc/nanoproc.h"

// The value of an Expected, or exit(1) with the error and what was being done.
template <class T>
T check(nanoproc::Expected<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

inline void check(const nanoproc::Status& s, const char* what) {
  if (!s) {
    std::fprintf(stderr, "%s: %s\n", what, s.error().to_string().c_str());
    std::exit(1);
  }
}
