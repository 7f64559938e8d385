"""Self-timing copies of benchmark modules, for runtimes that cannot supply `bench.start/end`.

Command-line runtimes (wasm3, wasm-interp, iwasm, wasmtime) offer WASI but no way to provide the
`bench` imports. Rather than compare whole-process times only, we rewrite the module: the two
`bench` imports become internal functions that read WASI's monotonic clock, and `bench.end`
writes one marker line to stderr after the clock is read, so the printing is not timed:

    NANOPROC_BENCH_NS <nanoseconds between start and end>

The harness removes that line before comparing stderr with the expected output. The rewrite goes
through wabt's text format (`wasm2wat --generate-names` gives every function a symbolic name, so
deleting two imports and defining two functions renumbers nothing by hand; `wat2wasm` does it).

The clock and fd_write calls need a few bytes of linear memory: the new functions borrow bytes
0..63, save them in locals first and restore them before returning, so the program never sees a
change. The work between start and end is the original code, byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

MARKER = b"NANOPROC_BENCH_NS "
MARKER_RE = re.compile(rb"NANOPROC_BENCH_NS (\d+)\n")

_IMPORT_RE = re.compile(
    r'^(\s*)\(import "bench" "(start|end)" \(func (\$\S+) \(type (\S+?)\)\)\)\s*$', re.M)

# Scratch layout in the borrowed bytes: [0,8) iovec {buf, len}, [8,12) nwritten, [0,8) is also
# where clock_time_get stores its result, text in [16,64).
_SCRATCH_WORDS = 8


def _save_scratch() -> str:
    return "\n".join(
        f"    (local.set $s{i} (i64.load offset={8 * i} (i32.const 0)))" for i in range(_SCRATCH_WORDS))


def _restore_scratch() -> str:
    return "\n".join(
        f"    (i64.store offset={8 * i} (i32.const 0) (local.get $s{i}))" for i in range(_SCRATCH_WORDS))


def _locals() -> str:
    return " ".join(f"(local $s{i} i64)" for i in range(_SCRATCH_WORDS))


def _store_prefix() -> str:
    return "\n".join(
        f"    (i32.store8 offset={k} (local.get $q) (i32.const {b}))" for k, b in enumerate(MARKER))


def _shim_imports(indent: str) -> str:
    return (
        f'{indent}(import "wasi_snapshot_preview1" "clock_time_get" '
        f'(func $__np_clock_time_get (param i32 i64 i32) (result i32)))\n'
        f'{indent}(import "wasi_snapshot_preview1" "fd_write" '
        f'(func $__np_fd_write (param i32 i32 i32 i32) (result i32)))\n')


def _shim_functions(start_name: str, start_type: str, end_name: str, end_type: str) -> str:
    n = len(MARKER)
    return f"""
  (global $__np_t0 (mut i64) (i64.const 0))
  (func $__np_now (result i64) {_locals()} (local $t i64)
{_save_scratch()}
    (drop (call $__np_clock_time_get (i32.const 1) (i64.const 1) (i32.const 0)))
    (local.set $t (i64.load (i32.const 0)))
{_restore_scratch()}
    (local.get $t))
  (func {start_name} (type {start_type})
    (global.set $__np_t0 (call $__np_now)))
  (func {end_name} (type {end_type}) {_locals()} (local $d i64) (local $p i32) (local $q i32)
    (local.set $d (i64.sub (call $__np_now) (global.get $__np_t0)))
{_save_scratch()}
    ;; digits backwards from byte 62, newline at 63, then the prefix right before the digits
    (i32.store8 (i32.const 63) (i32.const 10))
    (local.set $p (i32.const 63))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $d) (i64.const 10)))))
      (local.set $d (i64.div_u (local.get $d) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $d) (i64.const 0))))
    (local.set $q (i32.sub (local.get $p) (i32.const {n})))
{_store_prefix()}
    (i32.store (i32.const 0) (local.get $q))
    (i32.store (i32.const 4) (i32.sub (i32.const 64) (local.get $q)))
    (drop (call $__np_fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
{_restore_scratch()})
"""


class InstrumentError(Exception):
    pass


def instrument_wat(wat: str) -> str:
    """Returns the text of a self-timing module, given the text of one importing `bench`."""
    found = {m.group(2): m for m in _IMPORT_RE.finditer(wat)}
    if set(found) != {"start", "end"}:
        raise InstrumentError(f"expected imports bench.start and bench.end, found {sorted(found)}")
    first = min(m.start() for m in found.values())
    indent = found["start"].group(1).lstrip("\n")
    # Remove the later import first so the earlier one's offsets stay valid.
    for m in sorted(found.values(), key=lambda m: m.start(), reverse=True):
        wat = wat[:m.start()] + wat[m.end():]
    wat = wat[:first] + "\n" + _shim_imports(indent) + wat[first:].lstrip("\n")
    close = wat.rstrip().rfind(")")
    if close < 0:
        raise InstrumentError("module text does not end with ')'")
    s, e = found["start"], found["end"]
    body = _shim_functions(s.group(3), s.group(4), e.group(3), e.group(4))
    return wat[:close] + body + wat[close:]


def instrumented_copy(wasm: Path, cache_dir: Path) -> Path:
    """Path of a self-timing copy of `wasm` (cached by content hash) or raises InstrumentError."""
    data = wasm.read_bytes()
    # The key covers this file too, so a change to the rewrite never reuses stale copies.
    digest = hashlib.sha256(data + Path(__file__).read_bytes()).hexdigest()[:16]
    out = cache_dir / f"{wasm.stem}.{digest}.timed.wasm"
    if out.exists():
        return out
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        wat = subprocess.run(["wasm2wat", "--generate-names", str(wasm)], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise InstrumentError(f"wasm2wat failed on {wasm}: {getattr(e, 'stderr', e)}") from e
    text = instrument_wat(wat)
    tmp_wat = out.with_suffix(f".tmp-{os.getpid()}.wat")
    tmp_wasm = out.with_suffix(f".tmp-{os.getpid()}")
    tmp_wat.write_text(text)
    try:
        subprocess.run(["wat2wasm", str(tmp_wat), "-o", str(tmp_wasm)], check=True,
                       capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise InstrumentError(f"wat2wasm failed on the rewritten {wasm}: {getattr(e, 'stderr', e)}") from e
    finally:
        tmp_wat.unlink(missing_ok=True)
    os.replace(tmp_wasm, out)
    return out


def split_marker(stderr: bytes) -> tuple[bytes, int | None]:
    """Removes the marker line from stderr; returns (rest, nanoseconds or None)."""
    m = MARKER_RE.search(stderr)
    if not m:
        return stderr, None
    return stderr[:m.start()] + stderr[m.end():], int(m.group(1))
