#!/usr/bin/env bash
# Builds each benchmark program bench/programs/<name>.c twice from the same source:
#   <out>/<name>       native, with support/native_shim.c providing bench_start/bench_end
#   <out>/<name>.wasm  wasm32-wasi, where bench_start/bench_end import bench.start/bench.end
# and copies <name>.stdout.expected next to them (where `nanoproc bench` and bench/run look).
# Also builds <out>/hello, the native baseline of the start-up table.
# Usage: bench/programs/build.sh [OUT_DIR]   (default: build/bench-programs at the repo root)
# Needs clang-19, lld-19, wasi-libc, libclang-rt-19-dev-wasm32 (docs/bench/README.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build/bench-programs}
cc=${CC:-clang-19}
sysroot=${WASI_SYSROOT:-/usr}
# -ffp-contract=off: native x86-64 code must round like wasm, which has no fused multiply-add.
cflags=(-O2 -std=gnu11 -ffp-contract=off -Wall -Wextra -Werror)

mkdir -p "$out"
support=("$here"/support/*.h "$here"/support/native_shim.c)

# True when $1 is missing or older than any of the remaining arguments.
stale() {
  local target=$1
  shift
  [[ -e $target ]] || return 0
  local dep
  for dep in "$@"; do [[ $dep -nt $target ]] && return 0; done
  return 1
}

built=0
for src in "$here"/*.c; do
  name=$(basename "$src" .c)
  wasm_flags=()
  # Only the SIMD kernel may use SIMD: the others must load on runtimes without it (wasm3).
  grep -q 'wasm_simd128\.h' "$src" && wasm_flags=(-msimd128)
  if stale "$out/$name" "$src" "${support[@]}" "$0"; then
    "$cc" "${cflags[@]}" "$src" "$here/support/native_shim.c" -o "$out/$name" -lm
    built=$((built + 1))
  fi
  if stale "$out/$name.wasm" "$src" "${support[@]}" "$0"; then
    "$cc" "${cflags[@]}" --target=wasm32-wasi --sysroot="$sysroot" "${wasm_flags[@]}" \
      "$src" -o "$out/$name.wasm" -lm
    built=$((built + 1))
  fi
  for expected in "$here/$name".std*.expected; do
    [[ -e $expected ]] && cp -p "$expected" "$out/"
  done
done
if stale "$out/hello" "$here/support/hello.c"; then
  "$cc" "${cflags[@]}" "$here/support/hello.c" -o "$out/hello"
  built=$((built + 1))
fi
echo "bench programs: $built binaries rebuilt in $out"
