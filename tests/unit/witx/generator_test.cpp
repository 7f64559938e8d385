// The generators on witx beyond WASI's: every type form and parameter kind through
// cpp-host (compiled with the host compiler, warnings as errors), and the snapshot
// generator's refusals when a conversion is not derivable.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "witx/gen_cpp.h"
#include "witx/gen_docs.h"
#include "witx/gen_snapshot.h"
#include "witx/parser.h"
#include "witx/validate.h"

namespace nanoproc::witx {
namespace {

namespace fs = std::filesystem;

const char kFeatures[] = R"(
(typename $errno (enum (@witx tag u16) $success $fault $inval $nosys))
(typename $small (enum (@witx tag u8) $a $b $c))
(typename $wide (enum (@witx tag u64) $x $y))
(typename $f8 (flags (@witx repr u8) $one $two))
(typename $f64 (flags (@witx repr u64) $lo $hi))
(typename $h (handle))
(typename $word u32)
(typename $word2 $word)
(typename $bytes (list u8))
(typename $text string)
(typename $cp (@witx const_pointer $word))
(typename $inner (record (field $x u8) (field $y u64)))
(typename $tup (tuple u8 $inner u16))
(typename $outer (record
  (field $i $inner) (field $t $tup) (field $l (list $inner)) (field $p (@witx pointer $inner))
  (field $s string) (field $b bool) (field $e $small) (field $fl $f8) (field $c char) (field $c8 (@witx char8))
  (field $z (@witx usize)) (field $d f64) (field $n s16)))
(typename $u (union $inner u8 (@witx pointer u8)))
(typename $v (variant (@witx tag $small) (case $c $inner) (case $a) (case $b u16)))
(typename $res (expected $inner (error $errno)))
(typename $flag bool)
(typename $other_err (enum (@witx tag u8) $ok $bad))
(module $features
  (import "memory" (memory))
  (@interface func (export "scalars")
    (param $a u8) (param $b s8) (param $c u16) (param $d s16) (param $e u32) (param $f s32) (param $g u64) (param $h s64)
    (param $i f32) (param $j f64) (param $k char) (param $l (@witx char8)) (param $m (@witx usize))
    (result $r f64))
  (@interface func (export "named") (param $a $small) (param $b $wide) (param $c $f8) (param $d $f64) (param $e $h)
    (param $f $word2) (param $g $flag) (param $ptr (@witx pointer $inner)) (param $ptr_len u32) (param $q $cp)
    (result $r (expected (tuple $word $inner $f64) (error $errno))))
  (@interface func (export "by_address") (param $o $outer) (param $v $v) (param $u $u) (param $res $res)
    (result $r (expected $v (error $errno))))
  (@interface func (export "lists") (param $a $bytes) (param $b (list $inner)) (param $c $text) (param $d string)
    (result $r (expected (error $errno))))
  (@interface func (export "results_flags") (result $r $f64))
  (@interface func (export "results_handle") (result $r $h))
  (@interface func (export "other_error") (param $p (@witx pointer u32)) (result $r (expected $word (error $other_err))))
  (@interface func (export "no_error") (result $r (expected $word (error))))
  (@interface func (export "nothing"))
  (@interface func (export "stop") (param $code u32) (@witx noreturn)))
)";

bool have(const char* tool) { return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0; }

int run(const std::string& cmd) {
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Document features() {
  auto d = parse_text(kFeatures, "features.witx");
  EXPECT_TRUE(d) << d.error().to_string();
  Status st = validate(*d);
  EXPECT_TRUE(st) << st.error().to_string();
  return std::move(*d);
}

TEST(WitxGenerators, CppHostCoversEveryFormAndCompiles) {
  Document doc = features();
  CppOptions opt;
  opt.ns = "test::features";
  auto files = generate_cpp_host(doc, opt);
  ASSERT_TRUE(files) << files.error().to_string();
  ASSERT_EQ(files->size(), 3u);
  const std::string& host_cpp = (*files)[2].text;
  // Spot checks of the adapter logic.
  EXPECT_NE(host_cpp.find("if (a_a_raw >= 3) return fail(results, Errno::inval);"), std::string::npos);
  EXPECT_NE(host_cpp.find("const uint64_t a_d_raw = args[3];"), std::string::npos);  // u64 flags: all 64 bits
  EXPECT_NE(host_cpp.find("const uint64_t a_b_raw = static_cast<uint32_t>(args[1]);"), std::string::npos);  // u64 enum: an i32
  EXPECT_NE(host_cpp.find("if (!is_valid(*a_o)) return fail(results, Errno::inval);"), std::string::npos);
  EXPECT_NE(host_cpp.find("return HostResult::trap(\"other_error: argument out of bounds\");"), std::string::npos);
  EXPECT_NE(host_cpp.find("std::bit_cast<uint64_t>(r.value())"), std::string::npos);

  const char* cxx = have("c++") ? "c++" : have("g++") ? "g++" : have("clang++") ? "clang++" : nullptr;
  if (!cxx) GTEST_SKIP() << "no C++ compiler on PATH";
  fs::path dir = fs::temp_directory_path() / ("nanoproc-witx-gen-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const GeneratedFile& f : *files) std::ofstream(dir / f.name) << f.text;
  std::ofstream(dir / "use.cpp") << "#include \"features_host.h\"\n"
                                    "struct Impl : test::features::FeaturesUnimplemented {};\n"
                                    "int main() { Impl i; return static_cast<int>(test::features::Features::funcs().size()); }\n";
  const std::string flags = std::string(" -std=c++20 -Wall -Wextra -Werror -Wno-unused-parameter -I") + NANOPROC_SOURCE_DIR "/src -I" +
                            dir.string() + " -fsyntax-only ";
  EXPECT_EQ(run(std::string(cxx) + flags + (dir / "features_host.cpp").string()), 0);
  EXPECT_EQ(run(std::string(cxx) + flags + (dir / "use.cpp").string()), 0);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(WitxGenerators, DocsAndGuestHeaderCoverEveryForm) {
  Document doc = features();
  auto md = generate_markdown(doc, "features.witx");
  ASSERT_TRUE(md) << md.error().to_string();
  EXPECT_NE(md->find("### `outer`"), std::string::npos);
  EXPECT_NE(md->find("| `c` | 2 | [`$inner`](#type-inner) |"), std::string::npos);  // variant cases in tag order
  auto h = generate_c_header(doc, CHeaderOptions{"ft_", "features.witx"});
  ASSERT_TRUE(h) << h.error().to_string();
  EXPECT_NE(h->find("#define FT_SMALL_B ((ft_small_t)1)"), std::string::npos);
  EXPECT_NE(h->find("__noreturn__"), std::string::npos);
  if (!have("clang-19")) GTEST_SKIP() << "clang-19 is not installed";
  fs::path dir = fs::temp_directory_path() / ("nanoproc-witx-ch-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "features.h") << *h;
  std::ofstream(dir / "use.c") << "#include \"features.h\"\n";
  EXPECT_EQ(run("clang-19 --target=wasm32-wasi -nostdlib -ffreestanding -fsyntax-only -Wall -Wextra -Werror " + (dir / "use.c").string()), 0);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(WitxGenerators, AnonymousTypesWithoutCppNamesAreReported) {
  auto d = parse_text("(typename $r (record (field $v (variant (case $a u8)))))", "anon.witx");
  ASSERT_TRUE(d);
  ASSERT_TRUE(validate(*d));
  auto files = generate_cpp_host(*d, CppOptions{});
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().to_string(), "anon.witx:1:32: an anonymous variant has no C++ binding; give it a typename");
}

// ---- snapshot adapter: what is and is not derivable ----

std::string read(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The official snapshots, with `edit` applied to the text of one file.
Expected<std::vector<GeneratedFile>> adapter_with(const std::string& file, const std::string& from, const std::string& to) {
  const std::string root = NANOPROC_SHARED_DIR "/witx/";
  std::map<std::string, std::string> fs;
  for (const char* f : {"preview0/typenames.witx", "preview0/wasi_unstable.witx", "preview1/typenames.witx",
                        "preview1/wasi_snapshot_preview1.witx"})
    fs[root + f] = read(root + f);
  std::string& text = fs[root + file];
  size_t at = text.find(from);
  if (at == std::string::npos) return Error(ErrorKind::Usage, "test edit does not apply: " + from);
  text.replace(at, from.size(), to);
  FileLoader loader = [&fs](const std::string& p) -> Expected<std::string> {
    auto it = fs.find(p);
    if (it == fs.end()) return Error(ErrorKind::Io, "no such file");
    return it->second;
  };
  Document older = NP_TRY(load_document({root + "preview0/wasi_unstable.witx"}, loader));
  Document newer = NP_TRY(load_document({root + "preview1/wasi_snapshot_preview1.witx"}, loader));
  SnapshotOptions opt;
  opt.old_ns = "p0";
  opt.new_ns = "p1";
  return generate_snapshot_adapter(older, newer, opt);
}

std::string adapter_error(const std::string& file, const std::string& from, const std::string& to) {
  auto r = adapter_with(file, from, to);
  return r ? std::string("(generated)") : r.error().message();
}

TEST(WitxSnapshotGenerator, DerivesTheOfficialSnapshots) {
  auto r = adapter_with("preview0/typenames.witx", "", "");
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->size(), 2u);
  const std::string& cpp = (*r)[1].text;
  EXPECT_NE(cpp.find("Errno to_new_whence(const Whence& in, newer::Whence& out)"), std::string::npos);
  EXPECT_NE(cpp.find("if (!std::in_range<Linkcount>(in.nlink)) return Errno::overflow;"), std::string::npos);
  EXPECT_NE(cpp.find("// `identifier` is dropped"), std::string::npos);
  EXPECT_NE(cpp.find("// Flags the older snapshot does not have are dropped."), std::string::npos);
  EXPECT_EQ(cpp.find("to_new_filestat"), std::string::npos);  // only converted where needed
}

TEST(WitxSnapshotGenerator, RefusesWhatIsNotDerivable) {
  // An older field the newer snapshot cannot fill (filestat is converted newer -> older).
  EXPECT_EQ(adapter_error("preview0/typenames.witx", "(field $ino $inode)", "(field $ino $inode) (field $extra u8)"),
            "field `filestat.extra` has no source: not derivable from the witx files; state it in src/witx/gen_snapshot.cpp");
  // An older field with no place in the newer snapshot, not listed in kDropped
  // (subscriptions are converted older -> newer).
  EXPECT_EQ(adapter_error("preview0/typenames.witx", "(field $identifier $userdata)",
                          "(field $identifier $userdata) (field $label u32)"),
            "field `subscription_clock.label` has no counterpart: not derivable from the witx files; state it in "
            "src/witx/gen_snapshot.cpp");
  // A newer field the older snapshot cannot supply.
  EXPECT_NE(adapter_error("preview1/typenames.witx", "(field $precision $timestamp)",
                          "(field $precision $timestamp) (field $slack $timestamp)")
                .find("field `subscription_clock.slack` has no source: not derivable"),
            std::string::npos);
  // A function whose parameters changed.
  EXPECT_NE(adapter_error("preview1/wasi_snapshot_preview1.witx", "(param $to $fd)", "(param $to $fd) (param $extra u32)")
                .find("`fd_renumber` changed its parameters"),
            std::string::npos);
  // A function the newer snapshot lost.
  EXPECT_NE(adapter_error("preview1/wasi_snapshot_preview1.witx", "(export \"sched_yield\")", "(export \"sched_yield2\")")
                .find("`sched_yield` has no counterpart"),
            std::string::npos);
  // Memory laid out differently behind a pointer nobody described as an array.
  EXPECT_NE(adapter_error("preview0/typenames.witx", "(field $buf_len $size)\n  )\n)\n\n;;; A region of memory for scatter/gather writes.",
                          "(field $buf_len $size) (field $pad u32)\n  )\n)\n\n;;; A region of memory for scatter/gather writes.")
                .find("points to data laid out differently"),
            std::string::npos);
  // A stale table entry.
  EXPECT_NE(adapter_error("preview0/wasi_unstable.witx", "(param $nsubscriptions $size)", "(param $count $size)")
                .find("stale array entry"),
            std::string::npos);
}

}  // namespace
}  // namespace nanoproc::witx
