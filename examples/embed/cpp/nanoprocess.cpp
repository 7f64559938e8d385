// nanoprocess: two nanoprocesses, an application and a library, linked through a witx
// interface. They share no memory: each call copies the string into the library and the
// result back. A trap ends the library only: the application gets an error code, and the
// next call finds a fresh library (respawned in microseconds).
#include <cstdio>
#include <cstring>
#include <string>

#include "example.h"
#include "nanoproc/nanoprocess.h"

using namespace nanoproc::api;

static const char* kInterface = R"(
(typename $errno (enum (@witx tag u16) $success $trapped))
(typename $loud string)
(module $text
  (import "memory" (memory))
  (@interface func (export "shout") (param $s string) (result $error (expected $loud (error $errno)))))
)";

// Calls the application's run on `text` (placed at 256 in its memory).
static void shout(Nanoprocess& app, const std::string& text) {
  std::memcpy(app.memory()->data() + 256, text.data(), text.size());
  auto r = app.call("run", {Val(int32_t{256}), Val(int32_t(text.size()))});
  if (!r) {
    std::printf("app failed: %s\n", r.error().message().c_str());
    return;
  }
  int32_t err = (*r)[0].i32();
  if (err != 0) {
    std::printf("shout(\"%s\") -> error %d (trapped)\n", text.c_str(), err);
    return;
  }
  const uint8_t* mem = app.memory()->data();
  uint32_t ptr, len;
  std::memcpy(&ptr, mem + 16, 4);
  std::memcpy(&len, mem + 20, 4);
  std::printf("shout(\"%s\") -> \"%.*s\" (copied into the app at %u)\n", text.c_str(), int(len),
              reinterpret_cast<const char*>(mem + ptr), ptr);
}

int main() {
  Config cfg;
  cfg.interruptible = true;  // fuel, deadlines and kill for nanoprocesses
  Engine engine(cfg);
  Interface iface = check(Interface::parse(kInterface, "text.witx"), "interface");
  Module lib_module = check(Module::from_file(engine, "nanoprocess_lib.wasm"), "compile library");
  Module app_module = check(Module::from_file(engine, "nanoprocess_app.wasm"), "compile app");

  Limits lib_limits;
  lib_limits.fuel = 1'000'000;
  Nanoprocess lib = check(Nanoprocess::spawn(engine, lib_module, lib_limits), "spawn library");
  LinkOptions opts;
  opts.exporter_name = "lib";
  opts.respawn = [&]() -> nanoproc::Expected<Nanoprocess> {
    std::printf("respawning the library\n");
    return Nanoprocess::spawn(engine, lib_module, lib_limits);
  };
  Link link = check(Link::make(iface, "text", lib, opts), "link");
  Nanoprocess app = check(
      Nanoprocess::spawn(engine, app_module, Limits{}, [&](Store& s, Linker& l) { link.define(s, l); }), "spawn app");

  shout(app, "hello from the app");
  std::printf("the app's own copy is unchanged: %.18s\n", reinterpret_cast<const char*>(app.memory()->data() + 256));
  shout(app, "");  // the library traps on an empty string
  std::printf("library ended: %s (%s); app ended: %s\n", lib.ended() ? "yes" : "no", lib.end_reason().c_str(),
              app.ended() ? "yes" : "no");
  shout(app, "again, after the crash");
  std::printf("library ended: %s\n", lib.ended() ? "yes" : "no");
}
