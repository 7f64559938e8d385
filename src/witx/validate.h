// Checks a parsed witx document and completes it: resolves every type name, enforces the
// language's rules, then computes layouts (layout.h) and core signatures (abi.h).
//
// Rules (witx's own, plus the tag checks witx leaves to chance):
//  - typenames and modules share one name space; no name is defined twice;
//  - a type name is defined before it is used (so types cannot be recursive);
//  - records, flags, enums, unions and handles are only written as the value of a typename
//    (bindings need a name for them); tuples, variants, lists, pointers may be anonymous;
//  - names of fields, flags, cases, parameters and module members are unique in their scope;
//  - enum tags and flags reprs are u8/u16/u32/u64, and wide enough for the cases/flags;
//  - a union or variant tag is an enum (cases then take its case names and order) or an
//    unsigned integer type wide enough for the cases.
#pragma once
#include <string>
#include <vector>

#include "util/expected.h"
#include "witx/ast.h"
#include "witx/parser.h"

namespace nanoproc::witx {

Status validate(Document& doc);

// parse_files + validate.
Expected<Document> load_document(const std::vector<std::string>& paths,
                                 const FileLoader& loader = load_file_from_disk);

}  // namespace nanoproc::witx
