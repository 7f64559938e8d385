// `nanoproc run` and `nanoproc bench` with WASI programs, through the built binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include "wasi_test_util.h"

namespace nanoproc::wasi::test {
namespace {

struct CommandResult {
  int code = -1;
  std::string out, err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

// Runs the nanoproc binary with `args` in `cwd`, stdin from `input`.
CommandResult nanoproc(const TempDir& t, const std::vector<std::string>& args, const std::string& input = "",
                       const std::string& cwd = "") {
  t.write(".stdin", input);
  std::string cmd;
  if (!cwd.empty()) cmd.append("cd ").append(quote(cwd)).append(" && ");
  cmd.append(quote(NANOPROC_BINARY));
  for (const auto& a : args) cmd.append(" ").append(quote(a));
  cmd += " <" + quote(t.at(".stdin")) + " >" + quote(t.at(".stdout")) + " 2>" + quote(t.at(".stderr"));
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = t.read(".stdout");
  r.err = t.read(".stderr");
  return r;
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!guests_built()) GTEST_SKIP() << "the C guests were not built";
  }
  TempDir t;
};

TEST_F(Cli, DirectProgramReadsPreopenAndExits) {
  t.mkdir("data");
  t.write("data/input.txt", "read through the sandbox\n");
  auto r = nanoproc(t, {"run", "--dir", t.at("data") + "::/data", guest("direct")});
  EXPECT_EQ(r.code, 42) << r.err;
  EXPECT_EQ(r.out, "hello from a libc-free guest\nread through the sandbox\n");
}

TEST_F(Cli, ArgumentsEnvironmentStdinAndExitCode) {
  setenv("NANOPROC_TEST_FROM_HOST", "host value", 1);
  auto r = nanoproc(t,
                    {"run", "--env", "A=1", "--env", "NANOPROC_TEST_FROM_HOST", "--env", "NANOPROC_TEST_UNSET_VAR",
                     guest("cli_echo"), "stdin", "--dir", "x y", "exit", "7"},
                    "line one\nline two\n");
  EXPECT_EQ(r.code, 7) << r.err;
  EXPECT_EQ(r.out,
            "arg0=cli_echo.wasm\narg1=stdin\narg2=--dir\narg3=x y\narg4=exit\narg5=7\n"
            "env A=1\nenv NANOPROC_TEST_FROM_HOST=host value\n"
            "stdin line one\nstdin line two\n");
  // Without --env the guest sees no variable at all.
  r = nanoproc(t, {"run", guest("cli_echo")});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "arg0=cli_echo.wasm\n");
}

TEST_F(Cli, TrapPrintsKindAndNamedBacktrace) {
  auto r = nanoproc(t, {"run", guest("trap")});
  EXPECT_EQ(r.code, 134);
  EXPECT_NE(r.err.find("trap: unreachable"), std::string::npos) << r.err;
  size_t inner = r.err.find("innermost_function_that_traps");
  size_t outer = r.err.find("function_calling_the_trap");
  EXPECT_NE(inner, std::string::npos) << r.err;
  EXPECT_NE(outer, std::string::npos) << r.err;
  EXPECT_LT(inner, outer);
  EXPECT_NE(r.err.find("main", outer + 1), std::string::npos) << r.err;
}

TEST_F(Cli, ClearErrors) {
  auto r = nanoproc(t, {"run", "--dir", t.at("no-such-dir"), guest("cli_echo")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("cannot preopen directory '" + t.at("no-such-dir") + "'"), std::string::npos) << r.err;
  r = nanoproc(t, {"run", "--no-such-flag", guest("cli_echo")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
  r = nanoproc(t, {"run", "--env", "=x", guest("cli_echo")});
  EXPECT_EQ(r.code, 2);
  r = nanoproc(t, {"run", t.at("missing.wasm")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.wasm"), std::string::npos) << r.err;
  r = nanoproc(t, {"run", "--dir"});
  EXPECT_EQ(r.code, 2);
}

TEST_F(Cli, ReadOnlyDirectory) {
  t.mkdir("ro");
  t.write("ro/keep.txt", "keep");
  auto r = nanoproc(t, {"run", "--dir-ro", t.at("ro") + "::/ro", guest("probe"), "openw keep.txt", "open keep.txt",
                        "unlink keep.txt"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "openw keep.txt -> notcapable\nopen keep.txt -> ok keep\nunlink keep.txt -> notcapable\n");
  EXPECT_EQ(t.read("ro/keep.txt"), "keep");
}

TEST_F(Cli, BenchContract) {
  namespace fs = std::filesystem;
  fs::copy_file(guest("cli_echo"), t.at("prog.wasm"));
  t.write("prog.stdout.expected", "arg0=prog.wasm\narg1=a\n");
  auto r = nanoproc(t, {"bench", "prog.wasm", "--dir", ".", "--iterations", "3", "--json", "--", "a"}, "", t.path());
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  for (const char* field : {"\"file\": \"prog.wasm\"", "\"iterations\": 3", "\"compile_ns\": {\"median\": ",
                            "\"instantiate_ns\": {", "\"run_ns\": null", "\"total_ns\": {", "\"stdout_ok\": true",
                            "\"stderr_ok\": null", "\"exit_code\": 0", "\"error\": null}"})
    EXPECT_NE(r.out.find(field), std::string::npos) << field << " in " << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
  // Output that differs from the expected file: stdout_ok false, exit status 1.
  r = nanoproc(t, {"bench", "prog.wasm", "--json", "--", "b"}, "", t.path());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("\"stdout_ok\": false"), std::string::npos) << r.out;
  // A non-zero exit code stops and fails.
  r = nanoproc(t, {"bench", "prog.wasm", "--json", "--iterations", "4", "--", "exit", "3"}, "", t.path());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("\"exit_code\": 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"iterations\": 1"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace nanoproc::wasi::test
