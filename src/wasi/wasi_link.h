// Registering a WASI context with a Linker: every function of wasi_snapshot_preview1, and of
// wasi_unstable through the generated snapshot adapter, bound to one WasiHost.
#pragma once
#include "runtime/linker.h"
#include "runtime/store.h"
#include "util/expected.h"
#include "wasi/wasi_host.h"

namespace nanoproc::wasi {

// Creates the WASI context of one nanoprocess from `opts` (kept alive by `store`) and
// defines both import modules in `linker`. Errors: a preopened directory that cannot be
// opened, a stdio or socket descriptor that cannot be duplicated.
Expected<WasiHost*> define_wasi(Store& store, Linker& linker, const WasiOptions& opts);

// Binds an existing host (owned by the caller, who keeps it alive as long as `store`).
void define_wasi(Store& store, Linker& linker, WasiHost& host);

}  // namespace nanoproc::wasi
