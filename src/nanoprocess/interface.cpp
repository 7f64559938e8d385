// Interface: a checked witx document (parsed, validated, laid out and lowered by src/witx).
#include "nanoproc/nanoprocess.h"
#include "witx/validate.h"

namespace nanoproc::api {

Expected<Interface> Interface::load(const std::string& path) {
  auto doc = NP_TRY(witx::load_document({path}));
  return Interface(std::make_shared<const witx::Document>(std::move(doc)));
}

Expected<Interface> Interface::parse(std::string_view text, const std::string& file) {
  auto doc = NP_TRY(witx::parse_text(text, file));
  NP_CHECK(witx::validate(doc));
  return Interface(std::make_shared<const witx::Document>(std::move(doc)));
}

std::vector<std::string> Interface::module_names() const {
  std::vector<std::string> out;
  for (const auto& m : doc_->modules) out.push_back(m.name);
  return out;
}

}  // namespace nanoproc::api
