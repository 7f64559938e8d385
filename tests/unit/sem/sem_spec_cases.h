// The spec-suite test body, included by sem_spec_test.cpp (native implementation) and
// sem_spec_portable_test.cpp (portable implementation) with SEM_SPEC_SUITE naming the suite.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "util/file.h"
#include "wast_lite.h"

namespace {

// The spec files whose assertions exercise numeric, conversion and SIMD operators.
std::vector<std::string> numeric_wast_files() {
  const std::regex wanted(
      R"((i32|i64|f32.*|f64.*|conversions|float_.*|int_exprs|simd_.*|relaxed_.*|.*_relaxed_.*)\.wast)");
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(NANOPROC_SHARED_DIR "/testsuite/spec")) {
    std::string name = e.path().filename().string();
    if (std::regex_match(name, wanted)) names.insert(name);
  }
  return {names.begin(), names.end()};
}

TEST(SEM_SPEC_SUITE, AllNumericAssertions) {
  auto files = numeric_wast_files();
  ASSERT_GT(files.size(), 50u) << "spec suite not found under " NANOPROC_SHARED_DIR;
  semtest::WastStats total;
  for (const auto& name : files) {
    auto bytes = nanoproc::read_file(NANOPROC_SHARED_DIR "/testsuite/spec/" + name);
    ASSERT_TRUE(bytes.has_value()) << name;
    std::string text(bytes->begin(), bytes->end());
    semtest::WastStats st;
    semtest::run_wast(name, text, st);
    total.checked += st.checked;
    total.skipped += st.skipped;
    total.failures.insert(total.failures.end(), st.failures.begin(), st.failures.end());
    total.ops.insert(st.ops.begin(), st.ops.end());
  }
  for (size_t i = 0; i < total.failures.size() && i < 60; ++i) ADD_FAILURE() << total.failures[i];
  EXPECT_EQ(total.failures.size(), 0u);
  // Most numeric assertions target a one-operator wrapper; a drop here means the reader
  // stopped recognizing them, not that sem got better.
  EXPECT_GT(total.checked, 30000);
  std::printf("[ sem spec ] %d assertions checked over %zu operators, %d skipped (not a one-operator function)\n",
              total.checked, total.ops.size(), total.skipped);
  std::string missing;
  for (unsigned i = 0; i < nanoproc::kOpcodeCount; ++i) {
    auto op = static_cast<nanoproc::Opcode>(i);
    if (nanoproc::sem::has_sem(op) && !total.ops.count(op)) {
      missing += ' ';
      missing += nanoproc::op_name(op);
    }
  }
  std::printf("[ sem spec ] in scope but not exercised by the suite:%s\n", missing.c_str());
}

}  // namespace
