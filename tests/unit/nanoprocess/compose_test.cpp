// APP.toml: reading it (errors with file:line) and running the composition it describes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/compose_file.h"
#include "nanoprocess/compose.h"

namespace cli = nanoproc::cli;
using nanoproc::Expected;
using namespace nanoproc::api;

namespace {

namespace fs = std::filesystem;

const char* kWitx = R"(
(typename $errno (enum (@witx tag u8) $success $inval $trapped))
(typename $text string)
(module $lib
  (import "memory" (memory))
  (@interface func (export "echo") (param $s string) (result $error (expected $text (error $errno))))
  (@interface func (export "double") (param $x u32) (result $r u32)))
)";

const char* kLib = R"((module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global (export "initialized") (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set 1 (i32.const 1)))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local i32)
    (local.set 4 (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                          (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get 4) (local.get 3)))
    (local.get 4))
  (func (export "echo") (param $p i32) (param $n i32) (param $ret i32) (result i32)
    (if (i32.eq (local.get $n) (i32.const 4)) (then unreachable))  ;; "boom"
    (i32.store (local.get $ret) (local.get $p))
    (i32.store offset=4 (local.get $ret) (local.get $n))
    (i32.const 0))
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
)";

// _start echoes "hello" then "boom" (which crashes the library) then "hello" again; results
// in exported globals.
const char* kApp = R"((module
  (import "lib" "echo" (func $echo (param i32 i32 i32) (result i32)))
  (import "lib" "double" (func $double (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")
  (data (i32.const 32) "boom")
  (global $heap (mut i32) (i32.const 4096))
  (global (export "first") (mut i32) (i32.const -1))
  (global (export "second") (mut i32) (i32.const -1))
  (global (export "third") (mut i32) (i32.const -1))
  (global (export "doubled") (mut i32) (i32.const -1))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local i32)
    (local.set 4 (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                          (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get 4) (local.get 3)))
    (local.get 4))
  (func (export "_start")
    (global.set 1 (call $echo (i32.const 16) (i32.const 5) (i32.const 64)))
    (global.set 2 (call $echo (i32.const 32) (i32.const 4) (i32.const 64)))
    (global.set 3 (call $echo (i32.const 16) (i32.const 5) (i32.const 64)))
    (global.set 4 (call $double (i32.const 21)))))
)";

class Compose : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("np_compose_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    write("iface.witx", kWitx);
    write("lib.wat", kLib);
    write("app.wat", kApp);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  Expected<ComposeSpec> parse(const std::string& toml, const cli::Limits& defaults = {}) {
    return cli::parse_compose_text(toml, (dir_ / "app.toml").string(), defaults);
  }
  // The error of reading and starting `toml`, "" if it started.
  std::string start_error(const std::string& toml) {
    auto spec = parse(toml);
    if (!spec) return spec.error().to_string();
    Engine engine;
    auto c = Composition::start(engine, *spec);
    return c ? "" : c.error().to_string();
  }
  std::string path(const std::string& name) { return (dir_ / name).string(); }
  fs::path dir_;
};

const char* kGood = R"(entry = "app"

[nanoprocess.app]
module = "app.wat"

[nanoprocess.lib]
module = "lib.wat"
restart = true

[[link]]
importer = "app"
exporter = "lib"
interface = "iface.witx"
)";

TEST_F(Compose, RunsTheEntryWithLinksAndRestarts) {
  auto spec = parse(kGood);
  ASSERT_TRUE(spec) << spec.error().to_string();
  EXPECT_EQ(spec->processes[0].caps.stdout_fd, 1);  // the entry inherits stdio
  EXPECT_EQ(spec->processes[1].caps.stdout_fd, -1);  // a library gets nothing
  Engine engine;
  auto c = Composition::start(engine, *spec);
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ((*c)->find("lib")->instance().global("initialized")->get().i32(), 1);
  auto rc = (*c)->run();
  ASSERT_TRUE(rc) << rc.error().to_string();
  EXPECT_EQ(*rc, 0u);
  Nanoprocess* app = (*c)->find("app");
  EXPECT_EQ(app->instance().global("first")->get().i32(), 0);
  EXPECT_EQ(app->instance().global("second")->get().i32(), 2);  // $trapped
  EXPECT_EQ(app->instance().global("third")->get().i32(), 0);   // restarted
  EXPECT_EQ(app->instance().global("doubled")->get().i32(), 42);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(app->memory()->data()) + 4096, 5), "hello");
}

TEST_F(Compose, LimitsFromTheFileOverrideTheFlags) {
  cli::Limits defaults;
  defaults.fuel = 1000;
  defaults.timeout = std::chrono::seconds(2);
  auto spec = parse(std::string(kGood) + R"(
[nanoprocess.extra]
module = "lib.wat"
fuel = 5_000
max-memory = "1MiB"
max-stack = "64KiB"
timeout = "250ms"
max-table-elements = 10
args = ["x", "y"]
env = { A = "1" }
dirs = [{ host = "d", guest = "/d", mode = "rw" }]
stdout = "inherit"
clocks = true
)",
                    defaults);
  ASSERT_TRUE(spec) << spec.error().to_string();
  const ComposeProcess& app = spec->processes[0];
  EXPECT_EQ(app.limits.fuel, 1000u);
  EXPECT_EQ(app.limits.timeout, std::chrono::seconds(2));
  const ComposeProcess& extra = spec->processes[1];
  ASSERT_EQ(extra.name, "extra");
  EXPECT_EQ(extra.limits.fuel, 5000u);
  EXPECT_EQ(extra.limits.max_memory_bytes, 1u << 20);
  EXPECT_EQ(extra.limits.max_stack_bytes, 64u << 10);
  EXPECT_EQ(extra.limits.timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(extra.limits.max_table_elements, 10u);
  EXPECT_EQ(extra.caps.args, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(extra.caps.env, (std::vector<std::string>{"A=1"}));
  ASSERT_EQ(extra.caps.dirs.size(), 1u);
  EXPECT_EQ(extra.caps.dirs[0].host_path, path("d"));
  EXPECT_FALSE(extra.caps.dirs[0].read_only);
  EXPECT_EQ(extra.caps.stdout_fd, 1);
  EXPECT_TRUE(extra.caps.clocks);
}

TEST_F(Compose, FileErrorsNameLineAndColumn) {
  auto e = parse("entry = \"app\"\n[nanoprocess.app]\nmodule = \"app.wat\"\nfule = 10\n");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("app.toml:4:1: unknown key `fule` in [nanoprocess.app]"), std::string::npos)
      << e.error().to_string();
  e = parse("entry = \"app\"\n[nanoprocess.app]\nmodule = \"app.wat\"\ntimeout = \"2 parsecs\"\n");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("app.toml:4:11: `timeout`"), std::string::npos) << e.error().to_string();
  e = parse("entry = \"app\"\n[nanoprocess.app]\nmodule = \"app.wat\"\nmax-memory = \"-1\"\n");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("app.toml:4:"), std::string::npos) << e.error().to_string();
  e = parse("entry = \"app\"\nbogus = 1\n");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("app.toml:2:1: unknown key `bogus`"), std::string::npos) << e.error().to_string();
  e = parse("entry = [\n");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("app.toml:"), std::string::npos) << e.error().to_string();
}

TEST_F(Compose, MissingExportIsReportedAtTheLink) {
  write("lib.wat", R"((module (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0))
    (func (export "double") (param i32) (result i32) (local.get 0))))");
  std::string e = start_error(kGood);
  EXPECT_NE(e.find("app.toml:10:1: nanoprocess \"lib\" does not export function `echo`"), std::string::npos) << e;
  EXPECT_NE(e.find("iface.witx:6:"), std::string::npos) << e;  // where the interface declares it
}

TEST_F(Compose, InterfaceMismatchIsReported) {
  write("lib.wat", R"((module (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0))
    (func (export "echo") (param i32 i32) (result i32) (i32.const 0))
    (func (export "double") (param i32) (result i32) (local.get 0))))");
  std::string e = start_error(kGood);
  EXPECT_NE(e.find("app.toml:10:1: interface mismatch: nanoprocess \"lib\" exports `echo` as (i32 i32) -> (i32)"),
            std::string::npos)
      << e;
}

TEST_F(Compose, ImportsThatWereNotGrantedAreReported) {
  std::string no_link = std::string(kGood).substr(0, std::string(kGood).find("[[link]]"));
  std::string e = start_error(no_link);
  EXPECT_NE(e.find("app.toml:3:1: nanoprocess \"app\" imports \"lib\" \"echo\", which was not granted"), std::string::npos)
      << e;
  write("app.wat", R"((module (import "lib" "nope" (func)) (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0)) (func (export "_start"))))");
  e = start_error(kGood);
  EXPECT_NE(e.find("imports \"lib\" \"nope\", which interface module `lib` does not declare"), std::string::npos) << e;
}

TEST_F(Compose, StructuralErrors) {
  std::string e = start_error(std::string(kGood) + "\n[[link]]\nimporter = \"lib\"\nexporter = \"app\"\ninterface = \"iface.witx\"\n");
  EXPECT_NE(e.find("cycle"), std::string::npos) << e;
  e = start_error(std::string(kGood) + "\n[[link]]\nimporter = \"app\"\nexporter = \"ghost\"\ninterface = \"iface.witx\"\n");
  EXPECT_NE(e.find("app.toml:15:1: link: no nanoprocess \"ghost\""), std::string::npos) << e;
  std::string bad_entry = kGood;
  bad_entry.replace(0, 13, "entry = \"lib\"");
  e = start_error(bad_entry);
  EXPECT_NE(e.find("does not export `_start`"), std::string::npos) << e;
  std::string missing_witx = kGood;
  missing_witx.replace(missing_witx.find("iface.witx"), 10, "none.witx");
  e = start_error(missing_witx);
  EXPECT_NE(e.find("none.witx"), std::string::npos) << e;
}

TEST_F(Compose, AnEntryTrapIsAnError) {
  std::string no_restart = kGood;
  no_restart.erase(no_restart.find("restart = true\n"), 15);
  auto spec = parse(no_restart);
  ASSERT_TRUE(spec);
  Engine engine;
  auto c = Composition::start(engine, *spec);
  ASSERT_TRUE(c) << c.error().to_string();
  auto rc = (*c)->run();
  ASSERT_FALSE(rc);
  EXPECT_NE(rc.error().message().find("lib.double: nanoprocess \"lib\" failed: it has ended (unreachable)"),
            std::string::npos)
      << rc.error().message();
  Nanoprocess* app = (*c)->find("app");
  EXPECT_EQ(app->instance().global("second")->get().i32(), 2);
  EXPECT_EQ(app->instance().global("third")->get().i32(), 2);  // no restart: still ended
  EXPECT_EQ(app->instance().global("doubled")->get().i32(), -1);  // double has no `trapped`: the app trapped
}

}  // namespace
