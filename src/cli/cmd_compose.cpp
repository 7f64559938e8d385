// nanoproc compose [limits] APP.toml: spawn the nanoprocesses APP.toml describes, link
// them through their witx interfaces, and run the entry's _start (docs/COMPOSE.md). The
// exit code is the entry's; a trap of the entry exits with 134; a bad file with 1.
#include <cstdio>

#include "cli/cli_app.h"
#include "cli/commands.h"
#include "cli/compose_file.h"
#include "cli/limit_flags.h"
#include "nanoprocess/compose.h"

namespace nanoproc::cli {

int cmd_compose(int argc, char** argv) {
  CLI::App app{"Run a composition of nanoprocesses: each with only the capabilities and limits APP.toml\n"
               "grants it, linked through witx interfaces (docs/COMPOSE.md). The limit flags are the\n"
               "defaults of every nanoprocess; APP.toml overrides them per nanoprocess.",
               "nanoproc compose"};
  std::string file;
  LimitFlags limit_flags;
  app.add_option("APP.toml", file, "the composition")->required();
  limit_flags.add_to(app);
  if (int rc = parse_args(app, argc, argv); rc >= 0) return rc;
  auto defaults = limit_flags.parse();
  if (!defaults) {
    std::fprintf(stderr, "nanoproc compose: %s\n", defaults.error().message().c_str());
    return 2;
  }
  auto spec = read_compose_file(file, *defaults);
  if (!spec) {
    std::fprintf(stderr, "nanoproc compose: %s\n", spec.error().to_string().c_str());
    return 1;
  }
  api::Config cfg;
  for (const auto& p : spec->processes) cfg.interruptible |= p.limits.fuel != 0 || p.limits.timeout.count() > 0;
  api::Engine engine(cfg);
  auto comp = api::Composition::start(engine, *spec, [](const std::string& m) {
    std::fprintf(stderr, "nanoproc compose: %s\n", m.c_str());
  });
  if (!comp) {
    std::fprintf(stderr, "nanoproc compose: %s\n", comp.error().to_string().c_str());
    return 1;
  }
  auto rc = (*comp)->run();
  if (!rc) {
    std::fprintf(stderr, "nanoproc compose: nanoprocess \"%s\" trapped: %s\n", spec->entry.c_str(),
                 rc.error().message().c_str());
    return 134;
  }
  return static_cast<int>(*rc);
}

}  // namespace nanoproc::cli
