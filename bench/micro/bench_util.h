// Helpers shared by the micro-benchmarks.
#pragma once
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "nanoproc/nanoproc.h"

namespace nanoproc::bench {

inline std::span<const uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Compiles WAT text or exits: a benchmark with a broken module measures nothing.
inline api::Module compile_or_die(const api::Engine& engine, const std::string& wat) {
  auto m = api::Module::compile(engine, as_bytes(wat));
  if (!m) {
    std::fprintf(stderr, "benchmark module: %s\n", m.error().to_string().c_str());
    std::exit(1);
  }
  return *m;
}

template <class T>
T or_die(Expected<T> e, const char* what) {
  if (!e) {
    std::fprintf(stderr, "%s: %s\n", what, e.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(*e);
}

}  // namespace nanoproc::bench
