// The witx ABI: layouts of known WASI types and the core wasm lowering of every function.
#include <gtest/gtest.h>

#include <map>

#include "witx/abi.h"
#include "witx/describe.h"
#include "witx/parser.h"
#include "witx/validate.h"

namespace nanoproc::witx {
namespace {

const std::string kShared = NANOPROC_SHARED_DIR "/witx";
const std::string kOurs = NANOPROC_SOURCE_DIR "/witx";

const Document& official(int preview) {
  static const Document p1 = *load_document({kShared + "/preview1/wasi_snapshot_preview1.witx"});
  static const Document p0 = *load_document({kShared + "/preview0/wasi_unstable.witx"});
  return preview == 1 ? p1 : p0;
}

struct Expect {
  const char* type;
  uint32_t size, align;
  std::vector<uint32_t> offsets;  // fields, or {payload offset} for variants
};

void check_layouts(const Document& d, const std::vector<Expect>& expects) {
  for (const Expect& e : expects) {
    const NamedType* nt = d.find_type(e.type);
    ASSERT_NE(nt, nullptr) << e.type;
    const Type& t = nt->type();
    EXPECT_EQ(t.size, e.size) << e.type;
    EXPECT_EQ(t.align, e.align) << e.type;
    std::vector<uint32_t> offsets;
    if (t.kind == TypeKind::Record && !t.is_flags())
      for (const Member& m : t.members) offsets.push_back(m.offset);
    if (t.kind == TypeKind::Variant && !t.is_enum()) offsets.push_back(t.payload_offset);
    EXPECT_EQ(offsets, e.offsets) << e.type;
  }
}

// Sizes as wasm32 WASI programs see them (wasi-libc's api.h asserts the same numbers).
TEST(WitxLayout, Preview1) {
  check_layouts(official(1), {
                                 {"filestat", 64, 8, {0, 8, 16, 24, 32, 40, 48, 56}},
                                 {"fdstat", 24, 8, {0, 2, 8, 16}},
                                 {"prestat", 8, 4, {4}},
                                 {"prestat_dir", 4, 4, {0}},
                                 {"event", 32, 8, {0, 8, 10, 16}},
                                 {"event_fd_readwrite", 16, 8, {0, 8}},
                                 {"subscription", 48, 8, {0, 8}},
                                 {"subscription_u", 40, 8, {8}},
                                 {"subscription_clock", 32, 8, {0, 8, 16, 24}},
                                 {"subscription_fd_readwrite", 4, 4, {0}},
                                 {"dirent", 24, 8, {0, 8, 16, 20}},
                                 {"iovec", 8, 4, {0, 4}},
                                 {"ciovec", 8, 4, {0, 4}},
                                 {"iovec_array", 8, 4, {}},
                                 {"errno", 2, 2, {}},
                                 {"rights", 8, 8, {}},
                                 {"whence", 1, 1, {}},
                                 {"clockid", 4, 4, {}},
                                 {"fd", 4, 4, {}},
                                 {"sdflags", 1, 1, {}},
                                 {"lookupflags", 4, 4, {}},
                             });
}

TEST(WitxLayout, Preview0Differences) {
  check_layouts(official(0), {
                                 {"filestat", 56, 8, {0, 8, 16, 20, 24, 32, 40, 48}},  // nlink is u32
                                 {"subscription_clock", 40, 8, {0, 8, 16, 24, 32}},   // has `identifier`
                                 {"subscription_u", 48, 8, {8}},
                                 {"subscription", 56, 8, {0, 8}},
                                 {"event", 32, 8, {0, 8, 10, 16}},
                                 {"fdstat", 24, 8, {0, 2, 8, 16}},
                                 {"dirent", 24, 8, {0, 8, 16, 20}},
                             });
}

TEST(WitxLayout, SyntheticCases) {
  auto d = parse_text(R"(
    (typename $e (enum (@witx tag u8) $a $b))
    (typename $v (variant (@witx tag $e) (case $a u8) (case $b u64)))
    (typename $w (variant (case $x) (case $y u16)))
    (typename $ex (expected u8 (error u64)))
    (typename $t (tuple u8 u64 u16))
    (typename $r (record (field $a u8) (field $b (tuple u16 u8)) (field $c (list u8)) (field $d u8)))
    (typename $b bool)
    (typename $f (flags (@witx repr u16) $x)))", "s.witx");
  ASSERT_TRUE(d);
  ASSERT_TRUE(validate(*d));
  check_layouts(*d, {
                        {"v", 16, 8, {8}},
                        {"w", 8, 4, {4}},
                        {"ex", 16, 8, {8}},
                        {"t", 24, 8, {0, 8, 16}},
                        {"r", 20, 4, {0, 2, 8, 16}},
                        {"b", 4, 4, {}},
                        {"f", 2, 2, {}},
                    });
}

// The core wasm signature of every preview1 function, as wasi-libc imports them.
const std::map<std::string, std::string> kPreview1Signatures = {
    {"args_get", "(i32 i32) -> (i32)"},
    {"args_sizes_get", "(i32 i32) -> (i32)"},
    {"environ_get", "(i32 i32) -> (i32)"},
    {"environ_sizes_get", "(i32 i32) -> (i32)"},
    {"clock_res_get", "(i32 i32) -> (i32)"},
    {"clock_time_get", "(i32 i64 i32) -> (i32)"},
    {"fd_advise", "(i32 i64 i64 i32) -> (i32)"},
    {"fd_allocate", "(i32 i64 i64) -> (i32)"},
    {"fd_close", "(i32) -> (i32)"},
    {"fd_datasync", "(i32) -> (i32)"},
    {"fd_fdstat_get", "(i32 i32) -> (i32)"},
    {"fd_fdstat_set_flags", "(i32 i32) -> (i32)"},
    {"fd_fdstat_set_rights", "(i32 i64 i64) -> (i32)"},
    {"fd_filestat_get", "(i32 i32) -> (i32)"},
    {"fd_filestat_set_size", "(i32 i64) -> (i32)"},
    {"fd_filestat_set_times", "(i32 i64 i64 i32) -> (i32)"},
    {"fd_pread", "(i32 i32 i32 i64 i32) -> (i32)"},
    {"fd_prestat_get", "(i32 i32) -> (i32)"},
    {"fd_prestat_dir_name", "(i32 i32 i32) -> (i32)"},
    {"fd_pwrite", "(i32 i32 i32 i64 i32) -> (i32)"},
    {"fd_read", "(i32 i32 i32 i32) -> (i32)"},
    {"fd_readdir", "(i32 i32 i32 i64 i32) -> (i32)"},
    {"fd_renumber", "(i32 i32) -> (i32)"},
    {"fd_seek", "(i32 i64 i32 i32) -> (i32)"},
    {"fd_sync", "(i32) -> (i32)"},
    {"fd_tell", "(i32 i32) -> (i32)"},
    {"fd_write", "(i32 i32 i32 i32) -> (i32)"},
    {"path_create_directory", "(i32 i32 i32) -> (i32)"},
    {"path_filestat_get", "(i32 i32 i32 i32 i32) -> (i32)"},
    {"path_filestat_set_times", "(i32 i32 i32 i32 i64 i64 i32) -> (i32)"},
    {"path_link", "(i32 i32 i32 i32 i32 i32 i32) -> (i32)"},
    {"path_open", "(i32 i32 i32 i32 i32 i64 i64 i32 i32) -> (i32)"},
    {"path_readlink", "(i32 i32 i32 i32 i32 i32) -> (i32)"},
    {"path_remove_directory", "(i32 i32 i32) -> (i32)"},
    {"path_rename", "(i32 i32 i32 i32 i32 i32) -> (i32)"},
    {"path_symlink", "(i32 i32 i32 i32 i32) -> (i32)"},
    {"path_unlink_file", "(i32 i32 i32) -> (i32)"},
    {"poll_oneoff", "(i32 i32 i32 i32) -> (i32)"},
    {"proc_exit", "(i32) -> ()"},
    {"proc_raise", "(i32) -> (i32)"},
    {"sched_yield", "() -> (i32)"},
    {"random_get", "(i32 i32) -> (i32)"},
    {"sock_accept", "(i32 i32 i32) -> (i32)"},
    {"sock_recv", "(i32 i32 i32 i32 i32 i32) -> (i32)"},
    {"sock_send", "(i32 i32 i32 i32 i32) -> (i32)"},
    {"sock_shutdown", "(i32 i32) -> (i32)"},
};

TEST(WitxAbi, EveryPreview1Function) {
  const Module& m = official(1).modules.at(0);
  ASSERT_EQ(m.funcs.size(), kPreview1Signatures.size());
  for (const Func& f : m.funcs) {
    auto it = kPreview1Signatures.find(f.name);
    ASSERT_NE(it, kPreview1Signatures.end()) << f.name;
    EXPECT_EQ(core_signature_string(f.core), it->second) << f.name;
  }
}

TEST(WitxAbi, EveryPreview0FunctionLowersLikeItsPreview1Twin) {
  // No signature changed between the snapshots, only types behind pointers.
  const Module& m = official(0).modules.at(0);
  EXPECT_EQ(m.funcs.size(), 45u);  // sock_accept came with preview1
  for (const Func& f : m.funcs) EXPECT_EQ(core_signature_string(f.core), kPreview1Signatures.at(f.name)) << f.name;
}

TEST(WitxAbi, LoweringDetails) {
  auto d = parse_text(R"(
    (typename $errno (enum (@witx tag u16) $success $e))
    (typename $big (enum (@witx tag u64) $a $b))
    (typename $fl (flags (@witx repr u64) $x))
    (typename $r (record (field $a u8)))
    (typename $v (variant (case $a u8)))
    (typename $x64 (expected (error $big)))
    (typename $t u32)
    (module $m
      (@interface func (export "scalars") (param $a s8) (param $b f32) (param $c f64) (param $d char) (result $r f64))
      (@interface func (export "enum64") (param $a $big) (result $r $fl))
      (@interface func (export "byaddr") (param $a $r) (param $b $v) (param $c (list $r)) (param $d string))
      (@interface func (export "tuple") (param $a u64) (result $r (expected (tuple $t $t $fl) (error $errno))))
      (@interface func (export "err64") (result $r $x64))))", "l.witx");
  ASSERT_TRUE(d) << d.error().to_string();
  ASSERT_TRUE(validate(*d));
  const Module& m = d->modules[0];
  EXPECT_EQ(core_signature_string(m.funcs[0].core), "(i32 f32 f64 i32) -> (f64)");
  EXPECT_EQ(m.funcs[0].core.shape, ResultShape::Scalar);
  // witx quirk kept: an enum parameter is an i32 even with a u64 tag; u64 flags are i64.
  EXPECT_EQ(core_signature_string(m.funcs[1].core), "(i32) -> (i64)");
  EXPECT_EQ(core_signature_string(m.funcs[2].core), "(i32 i32 i32 i32 i32 i32) -> ()");
  EXPECT_EQ(m.funcs[2].core.lowered[0].how, Lowering::Address);
  EXPECT_EQ(m.funcs[2].core.lowered[1].how, Lowering::Address);
  EXPECT_EQ(m.funcs[2].core.lowered[2].how, Lowering::List);
  EXPECT_EQ(m.funcs[2].core.lowered[3].first, 4u);
  EXPECT_EQ(core_signature_string(m.funcs[3].core), "(i64 i32 i32 i32) -> (i32)");
  EXPECT_EQ(m.funcs[3].core.retptrs.size(), 3u);
  EXPECT_EQ(m.funcs[3].core.first_retptr, 1u);
  EXPECT_EQ(core_signature_string(m.funcs[4].core), "() -> (i32)");  // an expected's tag is u32
}

}  // namespace
}  // namespace nanoproc::witx
