// The untrusted-library demo (examples/untrusted-library), run as a user would:
// `nanoproc compose app.toml`. The library cannot read the application's file, its crash
// and its endless loop come back as errors, and the application serves every document.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace {

#ifdef NANOPROC_DEMO_TOML
std::string run(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = ::pclose(p);
  return out;
}
#endif

TEST(UntrustedLibraryDemo, ServesEveryDocumentDespiteTheLibrary) {
#ifndef NANOPROC_DEMO_TOML
  GTEST_SKIP() << "the demo was not built (clang-19 or wasi-libc missing)";
#else
  int status = -1;
  const std::string err_file = ::testing::TempDir() + "demo_stderr.txt";
  std::string out = run(std::string(NANOPROC_CLI) + " compose " + NANOPROC_DEMO_TOML + " 2>" + err_file, &status);
  std::string err;
  if (FILE* f = std::fopen(err_file.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) err.append(buf, n);
    std::fclose(f);
  }
  ASSERT_TRUE(WIFEXITED(status)) << out;
  EXPECT_EQ(WEXITSTATUS(status), 0) << out;
  auto has = [&](const std::string& s) { return out.find(s) != std::string::npos; };
  // Rendered.
  EXPECT_TRUE(has("== 01-hello.md\n<h1>Hello</h1>\n<p>This is <em>Markdown</em> with <code>code</code> and "
                  "<strong>bold</strong> text &amp; &lt;tags&gt;.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"))
      << out;
  // The library has no directory: its include fails, and the secret never shows.
  EXPECT_TRUE(has("<p class=\"error\">include inputs/secret.txt: ")) << out;
  EXPECT_FALSE(has("the library must never read this")) << out;
  // The stray write and the endless loop end the library, not the application.
  EXPECT_TRUE(has("== 03-hostile.md\n[the markdown library crashed on this document; skipped it, carrying on]\n")) << out;
  EXPECT_TRUE(has("== 04-spin.md\n[the markdown library crashed on this document; skipped it, carrying on]\n")) << out;
  // And it is respawned for the next document.
  EXPECT_TRUE(has("== 05-after.md\n<h2>Still serving</h2>\n<p>The library was <em>restarted</em> after each crash.</p>\n"))
      << out;
  EXPECT_TRUE(has("== rendered 3 documents, 2 failed; the application is still running\n")) << out;
  // nanoproc says why the library ended each time it respawns it.
  EXPECT_NE(err.find("nanoprocess \"markdown\" ended (out of bounds memory access"), std::string::npos) << err;
  EXPECT_NE(err.find("nanoprocess \"markdown\" ended (out of fuel"), std::string::npos) << err;
#endif
}

}  // namespace
