#!/usr/bin/env python3
"""Makes a large valid module for the decode + validate benchmark by replicating the
defined functions of a real module.

    make_big_module.py TEMPLATE.wasm OUT.wasm [--target-mb 20]

Every defined function of TEMPLATE (compiled code: realistic bodies) is appended again
and again, with the same type, until the code section reaches the target size. The copies
reference only entities of the template (their calls go to the original functions), so
the module stays valid; nothing else changes. Only section framing and the function and
code vectors are parsed; bodies are copied as bytes.
"""
import argparse
import sys


def read_u32(b, i):
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, i
        shift += 7


def u32(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sections(b):
    if b[:8] != b"\0asm\1\0\0\0":
        sys.exit("make_big_module: not a binary module (version 1)")
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = read_u32(b, i + 1)
        yield sid, b[j:j + size]
        i = j + size


def vector_items(payload, item):
    """Splits a vector into its items' bytes; item(payload, i) returns the end of one."""
    count, i = read_u32(payload, 0)
    items = []
    for _ in range(count):
        end = item(payload, i)
        items.append(payload[i:end])
        i = end
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("template")
    ap.add_argument("out")
    ap.add_argument("--target-mb", type=float, default=20.0)
    a = ap.parse_args()
    data = open(a.template, "rb").read()
    secs = list(sections(data))
    funcs = next((p for s, p in secs if s == 3), None)
    code = next((p for s, p in secs if s == 10), None)
    if not funcs or not code:
        sys.exit("make_big_module: the template has no functions")
    type_idx = vector_items(funcs, lambda p, i: read_u32(p, i)[1])
    bodies = vector_items(code, lambda p, i: (lambda n, j: j + n)(*read_u32(p, i)))
    one_copy = sum(len(x) for x in bodies)
    copies = max(1, round(a.target_mb * 1e6 / one_copy))
    new_funcs = u32(len(type_idx) * copies) + b"".join(type_idx) * copies
    new_code = u32(len(bodies) * copies) + b"".join(bodies) * copies
    out = bytearray(data[:8])
    for sid, payload in secs:
        if sid == 3:
            payload = new_funcs
        elif sid == 10:
            payload = new_code
        out += bytes([sid]) + u32(len(payload)) + payload
    with open(a.out, "wb") as f:
        f.write(out)
    print(f"make_big_module: {a.out}: {len(out):,} bytes, {len(bodies) * copies:,} functions "
          f"({copies} copies of the {len(bodies):,} of {a.template})")


if __name__ == "__main__":
    main()
