// witx text -> Document (names unresolved; see validate.h for the checked form).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"
#include "witx/ast.h"

namespace nanoproc::witx {

// Reads the file at `path`; the default reads the file system. Tests substitute their own.
using FileLoader = std::function<Expected<std::string>(const std::string& path)>;
Expected<std::string> load_file_from_disk(const std::string& path);

// Parses `paths` in order into one document. `(use "f.witx")` reads f.witx relative to the
// directory of the file that names it, before the rest of that file; each file is read once.
Expected<Document> parse_files(const std::vector<std::string>& paths,
                               const FileLoader& loader = load_file_from_disk);

// Parses one file's text (its own `use`s go through `loader`).
Expected<Document> parse_text(std::string_view text, const std::string& file,
                              const FileLoader& loader = load_file_from_disk);

}  // namespace nanoproc::witx
