#include "cli/wasi_options.h"

#include <cstdlib>

namespace nanoproc::cli {
namespace {

Expected<wasi::PreopenDir> parse_dir(const std::string& spec, bool read_only, const char* flag) {
  wasi::PreopenDir d;
  size_t sep = spec.find("::");
  d.host_path = sep == std::string::npos ? spec : spec.substr(0, sep);
  d.guest_path = sep == std::string::npos ? spec : spec.substr(sep + 2);
  d.read_only = read_only;
  if (d.host_path.empty()) return make_error(ErrorKind::Usage, "{} '{}': the host directory is empty", flag, spec);
  if (d.guest_path.empty()) return make_error(ErrorKind::Usage, "{} '{}': the guest name is empty", flag, spec);
  return d;
}

}  // namespace

void WasiFlags::add_to(CLI::App& app, bool with_env) {
  app.add_option("--dir", dirs, "preopen the host directory HOST for the guest, as GUEST (default: HOST)")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false);
  app.add_option("--dir-ro", dirs_ro, "preopen HOST read-only: the guest cannot change anything beneath it")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false);
  if (with_env)
    app.add_option("--env", env, "give the guest the variable NAME (with the host's value if no VALUE)")
        ->type_name("NAME[=VALUE]")
        ->allow_extra_args(false);
  app.add_option("--wasi-resolver", resolver, "path resolution: auto, openat2 or walk")
      ->check(CLI::IsMember({"auto", "openat2", "walk"}))
      ->group("");
}

Status WasiFlags::apply(wasi::WasiOptions& opts) const {
  for (const auto& d : dirs) opts.dirs.push_back(NP_TRY(parse_dir(d, false, "--dir")));
  for (const auto& d : dirs_ro) opts.dirs.push_back(NP_TRY(parse_dir(d, true, "--dir-ro")));
  for (const auto& e : env) {
    size_t eq = e.find('=');
    std::string name = eq == std::string::npos ? e : e.substr(0, eq);
    if (name.empty()) return make_error(ErrorKind::Usage, "--env '{}': the variable name is empty", e);
    if (eq != std::string::npos) {
      opts.env.push_back(e);
    } else if (const char* v = std::getenv(name.c_str())) {
      opts.env.push_back(name + "=" + v);
    }  // a host variable that is not set is not passed
  }
  opts.resolve = resolver == "walk" ? wasi::ResolveMode::Walk
                 : resolver == "openat2" ? wasi::ResolveMode::Openat2
                                         : wasi::ResolveMode::Auto;
  return {};
}

std::string program_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace nanoproc::cli
