// The project's own witx files describe exactly the official interfaces: same names, same
// type structure, same layouts, same function signatures and core wasm lowering.
#include <gtest/gtest.h>

#include "witx/describe.h"
#include "witx/validate.h"

namespace nanoproc::witx {
namespace {

void expect_same_interface(const std::string& ours_path, const std::string& official_path) {
  auto ours = load_document({ours_path});
  ASSERT_TRUE(ours) << ours.error().to_string();
  auto official = load_document({official_path});
  ASSERT_TRUE(official) << official.error().to_string();
  auto a = interface_summary(*ours);
  auto b = interface_summary(*official);
  for (const auto& [key, value] : b) {
    auto it = a.find(key);
    if (it == a.end()) {
      ADD_FAILURE() << "missing from " << ours_path << ": " << key;
      continue;
    }
    EXPECT_EQ(it->second, value) << key;
  }
  for (const auto& [key, value] : a)
    if (!b.count(key)) ADD_FAILURE() << "not in the official definition: " << key;
  EXPECT_GT(a.size(), 90u);
}

TEST(WitxEquivalence, Preview1) {
  expect_same_interface(NANOPROC_SOURCE_DIR "/witx/preview1/wasi_snapshot_preview1.witx",
                        NANOPROC_SHARED_DIR "/witx/preview1/wasi_snapshot_preview1.witx");
}

TEST(WitxEquivalence, Preview0) {
  expect_same_interface(NANOPROC_SOURCE_DIR "/witx/preview0/wasi_unstable.witx",
                        NANOPROC_SHARED_DIR "/witx/preview0/wasi_unstable.witx");
}

TEST(WitxEquivalence, SummaryNoticesDifferences) {
  // The two official snapshots differ: the comparison must see exactly where.
  auto p0 = load_document({NANOPROC_SHARED_DIR "/witx/preview0/wasi_unstable.witx"});
  auto p1 = load_document({NANOPROC_SHARED_DIR "/witx/preview1/wasi_snapshot_preview1.witx"});
  ASSERT_TRUE(p0 && p1);
  auto a = interface_summary(*p0), b = interface_summary(*p1);
  EXPECT_NE(a.at("type $filestat"), b.at("type $filestat"));
  EXPECT_NE(a.at("type $whence"), b.at("type $whence"));
  EXPECT_NE(a.at("type $rights"), b.at("type $rights"));
  EXPECT_EQ(a.at("type $event"), b.at("type $event"));
  EXPECT_EQ(a.at("type $errno"), b.at("type $errno"));
  EXPECT_EQ(b.count("func $wasi_snapshot_preview1.sock_accept"), 1u);
  EXPECT_EQ(a.count("func $wasi_unstable.sock_accept"), 0u);
}

}  // namespace
}  // namespace nanoproc::witx
