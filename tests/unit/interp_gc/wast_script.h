// Runs a .wast script given as text through the spec-test runner and checks that every
// command passes (for interpreter tests written as modules plus assertions).
#pragma once
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "wast/runner.h"

namespace nanoproc::testing {

inline void run_wast_script(const std::string& name, const std::string& script) {
  std::string path = ::testing::TempDir() + name + ".wast";
  {
    std::ofstream out(path);
    out << script;
  }
  wast::Options opts;
  wast::FileReport report = wast::run_file(path, name, opts);
  ASSERT_TRUE(report.fatal.empty()) << report.fatal;
  ASSERT_FALSE(report.results.empty());
  for (const auto& r : report.results)
    EXPECT_EQ(r.outcome, wast::Outcome::Passed) << name << ":" << r.line << " " << r.kind << ": " << r.detail;
}

}  // namespace nanoproc::testing
