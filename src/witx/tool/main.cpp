// nanoproc-witx: checks witx files and generates code and docs from them.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "util/file.h"
#include "witx/describe.h"
#include "witx/gen_cpp.h"
#include "witx/gen_docs.h"
#include "witx/gen_snapshot.h"
#include "witx/validate.h"

using namespace nanoproc;
using namespace nanoproc::witx;

namespace {

const char kUsage[] =
    "usage: nanoproc-witx <command> [options] FILE...\n"
    "\n"
    "commands:\n"
    "  check FILE...             parse and validate; print a summary\n"
    "  layout FILE...            print every type's layout and every function's core signature\n"
    "  compare A B               exit 0 if the witx documents A and B describe the same interface\n"
    "  cpp-host -o DIR FILE...   C++ types, host interfaces, adapters, registration\n"
    "      [--namespace NS] [--include-prefix P] [--basename B]\n"
    "  c-header -o OUT FILE...   C header for guests built with clang --target=wasm32-wasi\n"
    "      [--prefix P]\n"
    "  markdown -o OUT FILE...   reference documentation\n"
    "  snapshot-adapter -o DIR --old FILE --new FILE\n"
    "      --old-namespace NS --new-namespace NS [--old-basename B] [--new-basename B]\n"
    "      [--include-prefix P]\n"
    "                            C++ implementing the older snapshot on the newer one\n";

struct Args {
  std::string command;
  std::string out;
  std::vector<std::string> files;
  std::vector<std::string> old_files, new_files;
  std::string ns, include_prefix, basename, prefix = "wasi_";
  std::string old_ns, new_ns, old_base, new_base;
};

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "nanoproc-witx: %s\n\n%s", msg.c_str(), kUsage);
  return 2;
}

int fail(const Error& e) {
  std::fprintf(stderr, "nanoproc-witx: %s\n", e.to_string().c_str());
  return 1;
}

Status write_text(const std::string& path, const std::string& text) {
  return write_file_atomic(path, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Status write_files(const std::string& dir, const std::vector<GeneratedFile>& files) {
  for (const GeneratedFile& f : files) NP_CHECK(write_text(fmt::format("{}/{}", dir, f.name), f.text));
  return {};
}

std::string source_label(const std::vector<std::string>& files) {
  std::string s;
  for (const std::string& f : files) {
    if (!s.empty()) s += ", ";
    size_t slash = f.find_last_of('/');
    s += slash == std::string::npos ? f : f.substr(slash + 1);
  }
  return s;
}

int run(const Args& a) {
  if (a.command == "snapshot-adapter") {
    if (a.out.empty() || a.old_files.empty() || a.new_files.empty() || a.old_ns.empty() || a.new_ns.empty())
      return usage_error("snapshot-adapter needs -o, --old, --new, --old-namespace and --new-namespace");
    auto older = load_document(a.old_files);
    if (!older) return fail(older.error());
    auto newer = load_document(a.new_files);
    if (!newer) return fail(newer.error());
    SnapshotOptions opt;
    opt.old_ns = a.old_ns;
    opt.new_ns = a.new_ns;
    opt.old_base = a.old_base;
    opt.new_base = a.new_base;
    opt.include_prefix = a.include_prefix;
    opt.source = fmt::format("{} and {}", source_label(a.old_files), source_label(a.new_files));
    auto files = generate_snapshot_adapter(*older, *newer, opt);
    if (!files) return fail(files.error());
    Status st = write_files(a.out, *files);
    return st ? 0 : fail(st.error());
  }

  if (a.files.empty()) return usage_error("no witx files given");
  if (a.command == "compare") {
    if (a.files.size() != 2) return usage_error("compare takes exactly two files");
    auto da = load_document({a.files[0]});
    if (!da) return fail(da.error());
    auto db = load_document({a.files[1]});
    if (!db) return fail(db.error());
    auto sa = interface_summary(*da), sb = interface_summary(*db);
    int differences = 0;
    for (const auto& [k, v] : sa) {
      auto it = sb.find(k);
      if (it == sb.end()) {
        std::printf("only in %s: %s\n", a.files[0].c_str(), k.c_str());
        ++differences;
      } else if (it->second != v) {
        std::printf("%s differs:\n  %s\n  %s\n", k.c_str(), v.c_str(), it->second.c_str());
        ++differences;
      }
    }
    for (const auto& [k, v] : sb) {
      if (!sa.count(k)) {
        std::printf("only in %s: %s\n", a.files[1].c_str(), k.c_str());
        ++differences;
      }
    }
    if (differences == 0) std::printf("same interface (%zu definitions)\n", sa.size());
    return differences == 0 ? 0 : 1;
  }

  auto doc = load_document(a.files);
  if (!doc) return fail(doc.error());

  if (a.command == "check") {
    size_t funcs = 0;
    for (const Module& m : doc->modules) funcs += m.funcs.size();
    std::printf("ok: %zu files, %zu types, %zu modules, %zu functions\n", doc->files.size(), doc->typenames.size(),
                doc->modules.size(), funcs);
    return 0;
  }
  if (a.command == "layout") {
    for (const auto& [k, v] : interface_summary(*doc)) std::printf("%s: %s\n", k.c_str(), v.c_str());
    return 0;
  }
  if (a.out.empty()) return usage_error(a.command + " needs -o");
  const std::string source = source_label(a.files);
  if (a.command == "cpp-host") {
    CppOptions opt;
    if (!a.ns.empty()) opt.ns = a.ns;
    opt.include_prefix = a.include_prefix;
    opt.basename = a.basename;
    opt.source = source;
    auto files = generate_cpp_host(*doc, opt);
    if (!files) return fail(files.error());
    Status st = write_files(a.out, *files);
    return st ? 0 : fail(st.error());
  }
  if (a.command == "c-header") {
    CHeaderOptions opt;
    opt.prefix = a.prefix;
    opt.source = source;
    auto text = generate_c_header(*doc, opt);
    if (!text) return fail(text.error());
    Status st = write_text(a.out, *text);
    return st ? 0 : fail(st.error());
  }
  if (a.command == "markdown") {
    auto text = generate_markdown(*doc, source);
    if (!text) return fail(text.error());
    Status st = write_text(a.out, *text);
    return st ? 0 : fail(st.error());
  }
  return usage_error(fmt::format("unknown command '{}'", a.command));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("no command");
  Args a;
  a.command = argv[1];
  if (a.command == "--help" || a.command == "-h" || a.command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string& dst) -> bool {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    bool ok = true;
    if (arg == "-o") ok = value(a.out);
    else if (arg == "--namespace") ok = value(a.ns);
    else if (arg == "--include-prefix") ok = value(a.include_prefix);
    else if (arg == "--basename") ok = value(a.basename);
    else if (arg == "--prefix") ok = value(a.prefix);
    else if (arg == "--old") ok = value(a.old_files.emplace_back());
    else if (arg == "--new") ok = value(a.new_files.emplace_back());
    else if (arg == "--old-namespace") ok = value(a.old_ns);
    else if (arg == "--new-namespace") ok = value(a.new_ns);
    else if (arg == "--old-basename") ok = value(a.old_base);
    else if (arg == "--new-basename") ok = value(a.new_base);
    else if (!arg.empty() && arg[0] == '-') return usage_error(fmt::format("unknown option '{}'", arg));
    else a.files.push_back(arg);
    if (!ok) return usage_error(fmt::format("option '{}' needs a value", arg));
  }
  return run(a);
}
