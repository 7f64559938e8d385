#!/usr/bin/env python3
"""Extra fuzz seeds: random valid modules from binaryen's translate-to-fuzz mode.

    ttf_seeds.py WASM_DIR TEXT_DIR [COUNT]

wasm-opt -ttf turns arbitrary bytes into a valid module; this feeds it deterministic
pseudo-random inputs of varied sizes with varied feature sets, so the seeds are the same
on every build. Writes WASM_DIR/ttf-<n>.wasm and, when wabt's wasm2wat is installed,
their text as TEXT_DIR/ttf-<n>.wat. Without wasm-opt it writes nothing (the spec-suite
seeds still exist) and says so.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

FEATURE_SETS = [
    [],  # MVP + binaryen's defaults
    ["--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int",
     "--enable-bulk-memory", "--enable-multivalue"],
    ["--enable-simd", "--enable-relaxed-simd", "--enable-bulk-memory", "--enable-sign-ext"],
    ["--enable-reference-types", "--enable-bulk-memory", "--enable-tail-call",
     "--enable-multivalue", "--enable-extended-const"],
    ["--enable-memory64", "--enable-bulk-memory", "--enable-sign-ext"],
    ["--enable-exception-handling", "--enable-reference-types", "--enable-multivalue"],
    ["--enable-gc", "--enable-reference-types", "--enable-typed-function-references"],
]


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, text_out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    os.makedirs(out, exist_ok=True)
    os.makedirs(text_out, exist_ok=True)
    wasm2wat = shutil.which("wasm2wat")
    wasm_opt = shutil.which("wasm-opt")
    if not wasm_opt:
        print("ttf_seeds: wasm-opt (binaryen) not installed; no translate-to-fuzz seeds", file=sys.stderr)
        return 0
    made = 0
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "input.dat")
        for n in range(count):
            rng = random.Random(n)
            size = rng.choice([512, 2048, 8192, 32768, 65536])
            with open(raw, "wb") as f:
                f.write(rng.randbytes(size))
            features = FEATURE_SETS[n % len(FEATURE_SETS)]
            target = os.path.join(out, f"ttf-{n}.wasm")
            r = subprocess.run([wasm_opt, "-ttf", raw, *features, "-o", target],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r.returncode != 0 or not os.path.exists(target):
                continue
            made += 1
            if wasm2wat:
                subprocess.run([wasm2wat, "--enable-all", target, "-o",
                                os.path.join(text_out, f"ttf-{n}.wat")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"ttf_seeds: {made} modules from wasm-opt -ttf in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
