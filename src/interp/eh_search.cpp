#include "interp/eh_search.h"

namespace nanoproc::interp {

const EhHandler* find_eh_handler(const EhTable& t, uint32_t at, const ExnObject* exn, const Instance* inst) {
  // Ranges are innermost first, so those containing `at` come in order of nesting. A
  // delegate skips every try block nested inside its target.
  uint32_t max_depth = UINT32_MAX;
  for (const EhRange& r : t.ranges) {
    if (at < r.begin || at >= r.end || r.depth > max_depth) continue;
    for (uint32_t i = 0; i < r.count; ++i) {
      const EhHandler& h = t.handlers[r.first + i];
      switch (h.kind) {
        case EhHandler::Kind::Catch:
        case EhHandler::Kind::CatchRef:
          if (inst->tags[h.tag] == exn->tag) return &h;
          break;
        case EhHandler::Kind::CatchAll:
        case EhHandler::Kind::CatchAllRef:
          return &h;
        case EhHandler::Kind::Delegate:
          max_depth = h.depth;
          break;
      }
    }
  }
  return nullptr;
}

}  // namespace nanoproc::interp
