// Host (Linux) errno values -> WASI errno.
#pragma once
#include "wasi_gen/wasi_snapshot_preview1_types.h"

namespace nanoproc::wasi {

// The WASI code for a host errno; unknown codes become `io` (never `success`).
p1::Errno errno_from_host(int host_errno);

}  // namespace nanoproc::wasi
