// serialize: a compiled module saved as bytes (a cache) and loaded back without
// validating again; damaged bytes and other engine settings are errors.
#include <cstdio>
#include <string>
#include <vector>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "serialize.wasm"), "compile serialize.wasm");
  std::vector<uint8_t> bytes = module.serialize();
  std::printf("serialized (nanoproc %s)\n", version());

  Module loaded = check(Module::deserialize(engine, bytes), "deserialize");
  Store store(engine);
  Instance instance = check(Linker().instantiate(store, loaded), "instantiate");
  auto fib = check(instance.func("fib")->typed<int32_t(int32_t)>(), "fib");
  std::printf("fib(20) from the loaded module = %d\n", check(fib(20), "fib"));

  std::vector<uint8_t> damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x20;
  auto e1 = Module::deserialize(engine, damaged);
  std::printf("one damaged byte: %s\n", e1                                                        ? "loaded"
                                        : e1.error().message().find("checksum mismatch") != std::string::npos
                                            ? "rejected (checksum mismatch)"
                                            : e1.error().message().c_str());

  auto e2 = Module::deserialize(engine, std::span<const uint8_t>(bytes.data(), bytes.size() - 1));
  std::printf("truncated: %s\n", e2 ? "loaded" : nanoproc::error_kind_name(e2.error().kind()));

  Config no_guards;
  no_guards.guard_pages = false;
  auto e3 = Module::deserialize(Engine(no_guards), bytes);
  std::printf("other engine settings: %s\n", e3 ? "loaded" : e3.error().message().c_str());

  // Bytes from an untrusted source: validate them as compile() would.
  Module checked = check(Module::deserialize(engine, bytes, Module::Verify::Full), "deserialize (full)");
  std::printf("fully verified load: %zu export(s)\n", checked.exports().size());
}
