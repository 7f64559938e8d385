// The generated guest C headers compile for wasm32 without any libc, their layout asserts
// hold, and every function they declare imports with exactly the witx core signature.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "binary/decoder.h"
#include "util/file.h"
#include "witx/validate.h"

namespace nanoproc::witx {
namespace {

namespace fs = std::filesystem;

bool have(const char* tool) {
  std::string cmd = std::string("command -v ") + tool + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

int run(const std::string& cmd) {
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Scratch {
  fs::path dir;
  Scratch() {
    dir = fs::temp_directory_path() / ("nanoproc-witx-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

ValKind kind(CoreType t) {
  switch (t) {
    case CoreType::I32: return ValKind::I32;
    case CoreType::I64: return ValKind::I64;
    case CoreType::F32: return ValKind::F32;
    case CoreType::F64: return ValKind::F64;
  }
  return ValKind::I32;
}

// Compiles a program that takes the address of every declared function (so each becomes
// an import), links it, and compares the imports with the witx lowering.
void check_header(const std::string& header, const std::string& witx, const std::string& prefix) {
  if (!have("clang-19")) GTEST_SKIP() << "clang-19 is not installed";
  auto doc = load_document({witx});
  ASSERT_TRUE(doc) << doc.error().to_string();
  const Module& m = doc->modules.at(0);

  Scratch tmp;
  std::ofstream c(tmp.dir / "guest.c");
  c << "#include \"" << header << "\"\n\nvoid* functions[] = {\n";
  for (const Func& f : m.funcs) c << "  (void*)&" << prefix << f.name << ",\n";
  c << "};\n";
  c.close();
  const std::string wasm = (tmp.dir / "guest.wasm").string();
  // -nostdlib and no sysroot: the header needs nothing but the compiler's own headers.
  const std::string flags = "--target=wasm32-wasi -nostdlib -ffreestanding --sysroot=" + tmp.dir.string() +
                            " -O1 -Wall -Wextra -Werror -Wl,--no-entry -Wl,--export=functions -Wl,--allow-undefined";
  ASSERT_EQ(run("clang-19 -std=c11 " + flags + " " + (tmp.dir / "guest.c").string() + " -o " + wasm), 0);
  // The header is also valid C++ (extern "C", static_assert).
  ASSERT_EQ(run("clang-19 -x c++ -std=c++17 --target=wasm32-wasi -nostdlib -ffreestanding -fsyntax-only -Wall -Wextra -Werror " +
                (tmp.dir / "guest.c").string()),
            0);

  auto bytes = read_file(wasm);
  ASSERT_TRUE(bytes);
  auto mod = decode_module(*bytes);
  ASSERT_TRUE(mod) << mod.error().to_string();
  size_t checked = 0;
  for (const ::nanoproc::Import& imp : mod->imports) {
    ASSERT_EQ(imp.module, m.name);
    const Func* f = m.find_func(imp.name);
    ASSERT_NE(f, nullptr) << imp.name;
    const FuncType& ft = mod->types.at(imp.func_type).composite.func;
    ASSERT_EQ(ft.params.size(), f->core.params.size()) << imp.name;
    for (size_t i = 0; i < ft.params.size(); ++i) EXPECT_EQ(ft.params[i].kind, kind(f->core.params[i])) << imp.name << " param " << i;
    ASSERT_EQ(ft.results.size(), f->core.results.size()) << imp.name;
    for (size_t i = 0; i < ft.results.size(); ++i) EXPECT_EQ(ft.results[i].kind, kind(f->core.results[i])) << imp.name;
    ++checked;
  }
  EXPECT_EQ(checked, m.funcs.size());
}

TEST(WitxGuestHeader, Preview1CompilesAndMatchesTheAbi) {
  check_header(NANOPROC_WITX_GEN_DIR "/wasi_snapshot_preview1_guest.h",
               NANOPROC_SOURCE_DIR "/witx/preview1/wasi_snapshot_preview1.witx", "wasi_");
}

TEST(WitxGuestHeader, Preview0CompilesAndMatchesTheAbi) {
  check_header(NANOPROC_WITX_GEN_DIR "/wasi_unstable_guest.h", NANOPROC_SOURCE_DIR "/witx/preview0/wasi_unstable.witx",
               "wasi_unstable_");
}

TEST(WitxGuestHeader, LayoutAssertsFailOnAWrongLayout) {
  // The header's asserts are live: a guest compiled with a different struct packing fails.
  if (!have("clang-19")) GTEST_SKIP() << "clang-19 is not installed";
  Scratch tmp;
  std::ofstream c(tmp.dir / "packed.c");
  c << "#pragma pack(4)\n#include \"" NANOPROC_WITX_GEN_DIR "/wasi_snapshot_preview1_guest.h\"\n";
  c.close();
  EXPECT_NE(run("clang-19 --target=wasm32-wasi -nostdlib -ffreestanding -fsyntax-only " + (tmp.dir / "packed.c").string() +
                " 2>/dev/null"),
            0);
}

}  // namespace
}  // namespace nanoproc::witx
