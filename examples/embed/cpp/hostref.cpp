// hostref: C++ objects handed to wasm as externrefs. The Store owns each one from
// ExternRef::make on and destroys it with the Store (RAII: the destructor is the finalizer).
#include <cstdio>
#include <string>

#include "example.h"

using namespace nanoproc::api;

struct Account {
  std::string owner;
  int balance;
  Account(std::string o, int b) : owner(std::move(o)), balance(b) {}
  Account(Account&& a) noexcept : owner(std::move(a.owner)), balance(a.balance) { a.owner.clear(); }
  ~Account() {
    if (!owner.empty()) std::printf("finalizer: %s's account (balance %d)\n", owner.c_str(), balance);
  }
};

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "hostref.wasm"), "compile hostref.wasm");
  {
    Store store(engine);
    Linker linker;
    // externref parameters and results: a host function with a run-time signature.
    linker.define("host", "inspect",
                  Func::make(store, FuncSig{{ValType::ExternRef}, {ValType::ExternRef}},
                             [](Caller&, std::span<const Val> args, std::span<Val> results) -> std::optional<HostError> {
                               if (Account* a = ExternRef::get<Account>(args[0])) {
                                 std::printf("inspect: %s has %d\n", a->owner.c_str(), a->balance);
                                 a->balance += 1;
                               } else {
                                 std::printf("inspect: %s\n", args[0].is_null_ref() ? "null" : "not an Account");
                               }
                               results[0] = args[0];
                               return std::nullopt;
                             }));
    Instance instance = check(linker.instantiate(store, module), "instantiate");

    Val alice = ExternRef::make(store, Account("alice", 100));
    Val bob = ExternRef::make(store, Account("bob", 5));
    Val note = ExternRef::make(store, std::string("just a string"));

    check(instance.func("hold")->call({alice}), "hold");
    Val held = check(instance.func("held")->call({}), "held")[0];
    std::printf("wasm holds %s in a global\n", ExternRef::get<Account>(held)->owner.c_str());

    check(instance.func("put")->call({Val(int32_t{2}), bob}), "put");
    Val taken = check(instance.func("take")->call({Val(int32_t{2})}), "take")[0];
    std::printf("table slot 2 holds %s\n", ExternRef::get<Account>(taken)->owner.c_str());
    Val empty = check(instance.func("take")->call({Val(int32_t{3})}), "take")[0];
    std::printf("table slot 3 is %s\n", empty.is_null_ref() ? "null" : "set");

    for (const Val& v : {alice, bob, note, Val::null_ref(ValType::ExternRef)})
      check(instance.func("pass")->call({v}), "pass");
    std::printf("the note as a string: %s\n", ExternRef::get<std::string>(note)->c_str());
    std::printf("the note as an Account: %s\n", ExternRef::get<Account>(note) ? "yes" : "no (another type)");
    std::printf("destroying the store...\n");
  }
  std::printf("done\n");
}
