// memory: a linear memory read and written by wasm and by the host, grown, and an
// out-of-bounds access trapping.
#include <cstdio>
#include <cstring>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "memory.wasm"), "compile memory.wasm");
  Store store(engine);
  Instance instance = check(Linker().instantiate(store, module), "instantiate");
  Memory memory = *instance.memory("memory");
  auto size = check(instance.func("size")->typed<int32_t()>(), "size");
  auto load = check(instance.func("load")->typed<int32_t(int32_t)>(), "load");
  auto store8 = check(instance.func("store")->typed<void(int32_t, int32_t)>(), "store");

  MemoryType type = memory.type();
  std::printf("memory: %llu pages (min %llu, max %llu), %llu bytes\n", (unsigned long long)memory.pages(),
              (unsigned long long)type.limits.min, (unsigned long long)type.limits.max.value_or(0),
              (unsigned long long)memory.size());
  std::printf("data segment seen by the host: %d %d %d %d\n", memory.data()[0x1000], memory.data()[0x1001],
              memory.data()[0x1002], memory.data()[0x1003]);
  std::printf("load(0x1002) = %d\n", check(load(0x1002), "load"));

  memory.data()[0x2000] = 0xfe;  // the host writes, wasm reads (as a signed byte)
  std::printf("host wrote 0xfe, load(0x2000) = %d\n", check(load(0x2000), "load"));
  check(store8(0x2001, 77), "store");  // wasm writes, the host reads
  std::printf("wasm stored 77, host reads %d\n", memory.data()[0x2001]);

  std::printf("grow by 1: old size %llu\n", (unsigned long long)check(memory.grow(1), "grow"));
  std::printf("size() = %d pages\n", check(size(), "size"));
  auto too_far = memory.grow(1);
  std::printf("grow by 1 more: %s\n", too_far ? "grew" : too_far.error().message().c_str());

  auto oob = load(3 * 65536);
  std::printf("load(3 * 65536): %s\n", oob ? "no trap" : oob.error().message().c_str());
}
