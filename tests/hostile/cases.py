"""The hostile inputs, grouped. Each group writes its inputs into the work folder and says
what a clean outcome is (see `run`). Big inputs are made here, never checked in."""
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import wasmgen as w


def validate(p):
    return ["validate", "-q", str(p)]


def invoke(fn="f", *args):
    return lambda p: ["run", str(p), "--invoke", fn, *args]


@dataclass
class Case:
    path: Path
    expect: str  # valid | reject | trap | clean
    command: object = validate
    message: str = ""
    # A known failure: why, and who must fix it. It is reported but does not fail the run;
    # once it passes, the run fails until the note is removed (as tests/spec/expectations.txt).
    known: str = ""


@dataclass
class Group:
    name: str
    inputs: list = field(default_factory=list)
    mem_mb: float = 64  # peak RSS limit of each input (Release build)
    time_s: float = 10  # wall-time limit of each input (Release build)


class Writer:
    def __init__(self, work):
        self.work = work
        self.n = 0

    def __call__(self, data, stem, ext=".wasm"):
        self.n += 1
        p = self.work / f"{self.n:04d}-{stem}{ext}"
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
        return p


END = b"\x0b"
BLOCK = b"\x02\x40"
LOOP = b"\x03\x40"


def i32c(n):
    return b"\x41" + w.s(n)


def templates(put, tools):
    """Real modules to truncate and corrupt: a hand-written one, and (when binaryen is
    installed) a module of wasm-opt -ttf, which uses most MVP features."""
    mods = []
    src = put(HELLO, "hello", ".wat")
    out = src.with_suffix(".wasm")
    if subprocess.run([tools["nanoproc"], "wat2wasm", str(src), "-o", str(out)],
                      capture_output=True).returncode == 0:
        mods.append(out.read_bytes())
    if tools["wasm-opt"]:
        seed = put(bytes((i * 7919 + 13) % 251 for i in range(16384)), "ttf-seed", ".dat")
        ttf = seed.with_suffix(".wasm")
        r = subprocess.run([tools["wasm-opt"], "-ttf", str(seed), "--enable-bulk-memory", "--enable-sign-ext",
                            "--enable-multivalue", "--enable-nontrapping-float-to-int", "-o", str(ttf)],
                           capture_output=True)
        if r.returncode == 0:
            mods.append(ttf.read_bytes())
    return mods


HELLO = """(module
  (type $t (func (param i32 i64) (result i64)))
  (import "env" "f" (func $imp (type $t)))
  (memory 1 2)
  (table 2 funcref)
  (global $g (mut i32) (i32.const 7))
  (func $add (export "add") (type $t) (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1)))
  (func (export "loop") (param $n i32) (result i32) (local $acc i32)
    (block $out (loop $l
      (br_if $out (i32.eqz (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (i32.load8_u (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $acc))
  (elem (i32.const 0) $add $add)
  (data (i32.const 16) "hostile input corpus")
  (export "mem" (memory 0)))
"""


def section_ends(m):
    """Offsets at which a prefix of module `m` ends on a section boundary."""
    ends, i = {8}, 8
    while i < len(m):
        size, j = 0, i + 1
        shift = 0
        while True:
            b = m[j]
            j += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        i = j + size
        ends.add(i)
    return ends


def truncated_and_flipped(put, rng, tools):
    mods = templates(put, tools)
    trunc = Group("truncated modules (prefixes)", time_s=5)
    flips = Group("bit-flipped and byte-overwritten modules", time_s=5)
    for k, m in enumerate(mods):
        cuts = range(len(m)) if len(m) <= 200 else sorted(rng.sample(range(len(m)), 150))
        whole = section_ends(m)
        for c in cuts:
            # An empty file is an empty text module; a cut at a section boundary may leave
            # a valid module. Every other cut must be rejected.
            trunc.inputs.append(Case(put(m[:c], f"trunc{k}-{c}"), "clean" if c == 0 or c in whole else "reject"))
        for i in range(150):
            b = bytearray(m)
            if i % 3 == 2:
                b[rng.randrange(len(b))] = rng.randrange(256)
            else:
                pos = rng.randrange(8, len(b))  # keep the header: flips behind it go further
                b[pos] ^= 1 << rng.randrange(8)
            flips.inputs.append(Case(put(bytes(b), f"flip{k}-{i}"), "clean"))
    return [trunc, flips]


def leb128(put):
    g = Group("over-long and over-large LEB128")
    ty = w.section(w.TYPE, w.vec([w.functype()]))
    fn = w.section(w.FUNCTION, w.vec([w.u(0)]))

    def code(instrs):
        return w.section(w.CODE, w.vec([w.body(instrs + END)]))

    bad = {
        # a section size in 6 bytes (u32 allows at most 5)
        "section-size-6-bytes": w.MAGIC + bytes([w.TYPE]) + w.u(4, pad_to=6) + w.vec([w.functype()]),
        # 5 bytes, but the last has bits set beyond 32
        "section-size-unused-bits": w.MAGIC + bytes([w.TYPE]) + b"\xff\xff\xff\xff\x7f" + w.vec([w.functype()]),
        "vector-count-6-bytes": w.module(w.section(w.TYPE, w.u(1, pad_to=6) + w.functype())),
        "i32-const-6-bytes": w.module(ty, fn, code(b"\x41" + w.s(1, pad_to=6) + b"\x1a")),
        "i32-const-sign-bits": w.module(ty, fn, code(b"\x41\xff\xff\xff\xff\x4f\x1a")),
        "i64-const-11-bytes": w.module(ty, fn, code(b"\x42" + w.s(-1, pad_to=11) + b"\x1a")),
        "memarg-offset-11-bytes": w.module(ty, fn, w.section(w.MEMORY, w.vec([b"\x00\x01"])),
                                           code(i32c(0) + b"\x28\x02" + w.u(0, pad_to=11) + b"\x1a")),
        "local-index-overlong": w.module(ty, fn, code(b"\x20" + w.u(0, pad_to=6))),
        "leb-runs-off-the-end": w.MAGIC + bytes([w.TYPE]) + b"\x80\x80\x80",
        "endless-continuation-bits": w.MAGIC + bytes([w.TYPE]) + b"\x80" * 4096,
    }
    for k, data in bad.items():
        g.inputs.append(Case(put(data, k), "reject"))
    # Over-long but within 5 bytes (u32) / 10 bytes (u64) is legal.
    ok = w.module(w.section(w.TYPE, w.vec([w.functype()]), size=w.u(4, pad_to=5)), fn,
                  w.section(w.CODE, w.vec([w.body(b"\x41" + w.s(-1, pad_to=5) + b"\x1a" + END)])))
    g.inputs.append(Case(put(ok, "padded-within-limits"), "valid"))
    return [g]


BIG = 0xFFFFFFFF


def absurd_counts(put):
    g = Group("absurd declared counts (4 billion of something)", mem_mb=64, time_s=5)
    ty = w.section(w.TYPE, w.vec([w.functype()]))
    fn = w.section(w.FUNCTION, w.vec([w.u(0)]))
    claims = {
        "types": w.module(w.section(w.TYPE, w.u(BIG) + w.functype())),
        "functions": w.module(ty, w.section(w.FUNCTION, w.u(BIG) + w.u(0))),
        "imports": w.module(ty, w.section(w.IMPORT, w.u(BIG) + w.name("m") + w.name("f") + b"\x00\x00")),
        "exports": w.module(ty, fn, w.section(w.EXPORT, w.u(BIG) + w.name("f") + b"\x00\x00")),
        "globals": w.module(w.section(w.GLOBAL, w.u(BIG) + b"\x7f\x00" + i32c(0) + END)),
        "tables": w.module(w.section(w.TABLE, w.u(BIG) + b"\x70\x00\x00")),
        "memories": w.module(w.section(w.MEMORY, w.u(BIG) + b"\x00\x00")),
        "code-bodies": w.module(ty, fn, w.section(w.CODE, w.u(BIG) + w.body(END))),
        "data-segments": w.module(w.section(w.DATA, w.u(BIG) + b"\x01" + w.u(0))),
        "data-count": w.module(ty, fn, w.section(w.DATACOUNT, w.u(BIG)), w.section(w.CODE, w.vec([w.body(END)]))),
        "data-bytes": w.module(w.section(w.MEMORY, w.vec([b"\x00\x01"])),
                               w.section(w.DATA, w.vec([b"\x00" + i32c(0) + END + w.u(BIG) + b"abc"]))),
        "elem-segments": w.module(w.section(w.ELEM, w.u(BIG) + b"\x01\x00" + w.u(0))),
        "elem-items": w.module(ty, fn, w.section(w.ELEM, w.vec([b"\x01\x00" + w.u(BIG) + w.u(0)])),
                               w.section(w.CODE, w.vec([w.body(END)]))),
        "locals-one-decl": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(END, w.vec([w.u(BIG) + b"\x7f"]))]))),
        "locals-two-decls": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(
            END, w.vec([w.u(0x80000000) + b"\x7f", w.u(0x80000000) + b"\x7e"]))]))),
        "local-decls": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(END, w.u(BIG) + w.u(1) + b"\x7f")]))),
        "params": w.module(w.section(w.TYPE, w.vec([b"\x60" + w.u(BIG) + b"\x7f" + w.vec([])]))),
        "results": w.module(w.section(w.TYPE, w.vec([b"\x60" + w.vec([]) + w.u(BIG) + b"\x7f"]))),
        "struct-fields": w.module(w.section(w.TYPE, w.vec([b"\x5f" + w.u(BIG) + b"\x7f\x01"]))),
        "rec-group-types": w.module(w.section(w.TYPE, w.vec([b"\x4e" + w.u(BIG) + w.functype()]))),
        "supertypes": w.module(w.section(w.TYPE, w.vec([b"\x50" + w.u(BIG) + w.u(0) + w.functype()]))),
        "br-table-targets": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(
            i32c(0) + b"\x0e" + w.u(BIG) + w.u(0) + END)]))),
        "select-types": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(
            i32c(0) + i32c(0) + i32c(0) + b"\x1c" + w.u(BIG) + b"\x7f\x1a" + END)]))),
        "name-length": w.module(w.section(w.CUSTOM, w.u(BIG) + b"name")),
        "export-name-length": w.module(ty, fn, w.section(w.EXPORT, w.vec([w.u(BIG) + b"f\x00\x00"]))),
        "section-size": w.MAGIC + bytes([w.TYPE]) + w.u(BIG) + w.vec([w.functype()]),
        "custom-section-size": w.MAGIC + b"\x00" + w.u(BIG) + w.name("x"),
        "try-table-catches": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(
            b"\x1f\x40" + w.u(BIG) + b"\x02\x00" + END + END)]))),
        # the name section: malformed contents are ignored (valid module), but not allocated
        "name-section-function-names": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(END)])),
                                                w.section(w.CUSTOM, w.name("name") + b"\x01" + w.u(8) +
                                                          w.u(BIG) + w.u(0) + w.name("f"))),
        "name-section-local-names": w.module(ty, fn, w.section(w.CODE, w.vec([w.body(END)])),
                                             w.section(w.CUSTOM, w.name("name") + b"\x02" + w.u(8) +
                                                       w.u(1) + w.u(0) + w.u(BIG) + w.u(0))),
    }
    for k, data in claims.items():
        expect = "valid" if k.startswith("name-section") else "reject"
        g.inputs.append(Case(put(data, k), expect))
    # Limits that ask for everything: memory32 of 65536 pages max, memory64 of 2^48 pages,
    # a table of 2^32-1 elements. Validation accepts them; instantiating must fail (or
    # reserve lazily) without touching the memory.
    big = Group("huge memories and tables at instantiation", mem_mb=64, time_s=10)
    f_size = w.func_module(b"\x3f\x00" + END, results=[w.I32], memory=b"\x00" + w.u(65536))
    big.inputs.append(Case(put(f_size, "memory32-4GiB"), "clean", invoke("f")))
    f64 = w.func_module(b"\x3f\x00" + END, results=[w.I64], memory=b"\x04" + w.u(1 << 48))
    big.inputs.append(Case(put(f64, "memory64-2^48-pages"), "reject", invoke("f")))
    t = w.func_module(b"\xfc\x10\x00" + END, results=[w.I32], table=b"\x70\x00" + w.u(BIG))
    big.inputs.append(Case(put(t, "table-4G-elements"), "reject", invoke("f")))
    t2 = w.func_module(b"\xfc\x10\x00" + END, results=[w.I32], table=b"\x70\x00" + w.u(1 << 27))
    # 1 GiB of null references: lazily committed, so it fits the 64 MiB limit.
    big.inputs.append(Case(put(t2, "table-2^27-elements"), "clean", invoke("f")))
    return [g, big]


def nesting(put):
    n = 100_000
    g = Group("100,000 nested blocks (binary and text)", mem_mb=128, time_s=20)
    code = BLOCK * n + END * n + END
    g.inputs.append(Case(put(w.func_module(code), "blocks-binary"), "valid"))
    g.inputs.append(Case(put(w.func_module(code), "blocks-binary-run"), "valid", invoke("f")))
    loops = LOOP * n + END * n + END
    g.inputs.append(Case(put(w.func_module(loops), "loops-binary-run"), "valid", invoke("f")))
    ifs = (i32c(1) + b"\x04\x40") * n + END * n + END
    g.inputs.append(Case(put(w.func_module(ifs), "ifs-binary-run"), "valid", invoke("f")))
    # one more `end` than blocks, and one fewer
    g.inputs.append(Case(put(w.func_module(BLOCK * n + END * (n + 2)), "blocks-extra-end"), "reject"))
    g.inputs.append(Case(put(w.func_module(BLOCK * n + END * n), "blocks-missing-end"), "reject"))
    # a branch out of the innermost block to the outermost
    br = BLOCK * n + b"\x0c" + w.u(n - 1) + END * n + END
    g.inputs.append(Case(put(w.func_module(br), "br-100k-out"), "valid", invoke("f")))
    folded = "(module (func (export \"f\")" + "(block" * n + ")" * n + "))"
    g.inputs.append(Case(put(folded, "blocks-folded", ".wat"), "valid", invoke("f")))
    flat = "(module (func (export \"f\")\n" + "block\n" * n + "end\n" * n + "))"
    g.inputs.append(Case(put(flat, "blocks-flat", ".wat"), "valid", invoke("f")))
    expr = "(module (func (export \"f\") (result i32) " + "(i32.add (i32.const 1) " * n + "(i32.const 0)" + \
        ")" * n + "))"
    g.inputs.append(Case(put(expr, "folded-expression", ".wat"), "valid", invoke("f")))
    parens = "(module " + "(" * n + ")" * n + ")"
    g.inputs.append(Case(put(parens, "parens-only", ".wat"), "reject"))
    g.inputs.append(Case(put("(module (func " + "(block " * n, "unclosed", ".wat"), "reject"))
    return [g]


def big_modules(put):
    out = []
    g = Group("huge br_table (1,000,000 targets)", mem_mb=96, time_s=20)
    n = 1_000_000
    code = BLOCK + b"\x20\x00\x0e" + w.u(n) + w.u(0) * n + w.u(0) + END + i32c(7) + END
    g.inputs.append(Case(put(w.func_module(code, params=[w.I32], results=[w.I32]), "br-table-1M"), "valid",
                         invoke("f", "999999")))
    out.append(g)

    n = 1_000_000
    g = Group("1,000,000 functions", mem_mb=256, time_s=30)
    m = w.module(w.section(w.TYPE, w.vec([w.functype(results=[w.I32])])),
                 w.section(w.FUNCTION, w.u(n) + w.u(0) * n),
                 w.section(w.EXPORT, w.vec([w.name("last") + b"\x00" + w.u(n - 1)])),
                 w.section(w.CODE, w.u(n) + w.body(i32c(42) + END) * n))
    g.inputs.append(Case(put(m, "functions-1M"), "valid"))
    g.inputs.append(Case(put(m, "functions-1M-run"), "valid", invoke("last")))
    out.append(g)

    g = Group("many sections, exports and segments", mem_mb=256, time_s=30)
    n = 200_000
    customs = w.module(*[w.section(w.CUSTOM, w.name("c")) for _ in range(n)])
    g.inputs.append(Case(put(customs, "customs-200k"), "valid"))
    exports = w.module(w.section(w.TYPE, w.vec([w.functype()])), w.section(w.FUNCTION, w.vec([w.u(0)])),
                       w.section(w.EXPORT, w.vec(w.name(f"e{i}") + b"\x00\x00" for i in range(n))),
                       w.section(w.CODE, w.vec([w.body(END)])))
    g.inputs.append(Case(put(exports, "exports-200k"), "valid"))
    dup = w.module(w.section(w.TYPE, w.vec([w.functype()])), w.section(w.FUNCTION, w.vec([w.u(0)])),
                   w.section(w.EXPORT, w.vec(w.name("same") + b"\x00\x00" for _ in range(n))),
                   w.section(w.CODE, w.vec([w.body(END)])))
    g.inputs.append(Case(put(dup, "exports-200k-duplicate"), "reject"))
    out.append(g)
    return out


def utf8_names(put):
    g = Group("names with invalid UTF-8")
    bad = {
        "byte-ff": b"\xff",
        "overlong-nul": b"\xc0\x80",
        "overlong-slash": b"\xe0\x80\xaf",
        "surrogate": b"\xed\xa0\x80",
        "above-10ffff": b"\xf4\x90\x80\x80",
        "truncated-3-byte": b"a\xe2\x82",
        "lone-continuation": b"\x80",
        "five-byte-form": b"\xf8\x88\x80\x80\x80",
    }
    ty = w.section(w.TYPE, w.vec([w.functype()]))
    fn = w.section(w.FUNCTION, w.vec([w.u(0)]))
    code = w.section(w.CODE, w.vec([w.body(END)]))
    for k, nm in bad.items():
        g.inputs.append(Case(put(w.module(ty, fn, w.section(w.EXPORT, w.vec([w.name(nm) + b"\x00\x00"])), code),
                                 f"export-{k}"), "reject", message="malformed UTF-8"))
        g.inputs.append(Case(put(w.module(ty, w.section(w.IMPORT, w.vec([w.name(nm) + w.name("f") + b"\x00\x00"]))),
                                 f"import-module-{k}"), "reject", message="malformed UTF-8"))
        g.inputs.append(Case(put(w.module(w.section(w.CUSTOM, w.name(nm) + b"payload")), f"custom-{k}"), "reject",
                             message="malformed UTF-8"))
        # in the name section, a bad name makes the section malformed, which custom
        # sections may be: the module stays valid
        names = w.name("name") + b"\x01" + w.u(len(w.vec([w.u(0) + w.name(nm)]))) + w.vec([w.u(0) + w.name(nm)])
        g.inputs.append(Case(put(w.module(ty, fn, code, w.section(w.CUSTOM, names)), f"name-section-{k}"), "valid"))
    return [g]


def exhaustion(put):
    g = Group("exhausting memory, tables, stack and GC heap", mem_mb=128, time_s=20)
    # memory.grow by 1024 pages until it fails: 4 GiB reserved, nothing touched
    grow = LOOP + i32c(1024) + b"\x40\x00" + i32c(-1) + b"\x47\x0d\x00" + END + b"\x3f\x00" + END
    g.inputs.append(Case(put(w.func_module(grow, results=[w.I32], memory=b"\x00\x00"), "memory-grow-to-limit"),
                         "valid", invoke("f")))
    # one grow of 65536 pages, and one of 2^32-1 pages (must return -1)
    g.inputs.append(Case(put(w.func_module(i32c(65536) + b"\x40\x00" + END, results=[w.I32], memory=b"\x00\x00"),
                             "memory-grow-4GiB"), "valid", invoke("f")))
    g.inputs.append(Case(put(w.func_module(i32c(-1) + b"\x40\x00" + END, results=[w.I32], memory=b"\x00\x00"),
                             "memory-grow-2^32-pages"), "valid", invoke("f")))
    # memory64: grow by 2^47 pages
    g.inputs.append(Case(put(w.func_module(b"\x42" + w.s(1 << 47) + b"\x40\x00" + END, results=[w.I64],
                                           memory=b"\x04\x00"), "memory64-grow-2^47"), "valid", invoke("f")))
    # table.grow by 2^28 at once, and by 65536 in a loop until it fails
    tg = b"\xd0\x70" + i32c(1 << 28) + b"\xfc\x0f\x00" + END
    g.inputs.append(Case(put(w.func_module(tg, results=[w.I32], table=b"\x70\x00\x00"), "table-grow-2^28"),
                         "valid", invoke("f")))
    tl = LOOP + b"\xd0\x70" + i32c(65536) + b"\xfc\x0f\x00" + i32c(-1) + b"\x47\x0d\x00" + END + \
        b"\xfc\x10\x00" + END
    g.inputs.append(Case(put(w.func_module(tl, results=[w.I32], table=b"\x70\x00\x00"), "table-grow-to-limit"),
                         "valid", invoke("f")))
    # explicit bounds checks asked for before FILE (a flag, which takes no value): an access
    # past the end of the memory is a checked trap
    oob = i32c(65533) + b"\x28\x02\x00" + END
    g.inputs.append(Case(put(w.func_module(oob, results=[w.I32], memory=b"\x00\x01"), "memory-oob-explicit-bounds"),
                         "trap", lambda p: ["run", "--explicit-bounds", str(p), "--invoke", "f"],
                         message="out of bounds memory access"))
    # unbounded recursion, with and without big frames
    g.inputs.append(Case(put(w.func_module(b"\x10\x00" + END), "recursion"), "trap", invoke("f"),
                         message="call stack exhausted"))
    frame = w.vec([w.u(5000) + b"\x7b"])  # 5000 v128 locals: 80 KB per frame
    g.inputs.append(Case(put(w.func_module(b"\x10\x00" + END, locals_=frame), "recursion-big-frames"), "trap",
                         invoke("f"), message="call stack exhausted"))
    # GC: one array of 2^32-1 i64s, and one struct per iteration forever
    arr = w.section(w.TYPE, w.vec([w.functype(), b"\x5e\x7e\x01"]))
    fn = w.section(w.FUNCTION, w.vec([w.u(0)]))
    ex = w.section(w.EXPORT, w.vec([w.name("f") + b"\x00\x00"]))
    new_big = i32c(-1) + b"\xfb\x07" + w.u(1) + b"\x1a" + END
    g.inputs.append(Case(put(w.module(arr, fn, ex, w.section(w.CODE, w.vec([w.body(new_big)]))), "gc-array-2^32"),
                         "trap", invoke("f")))
    return [g]


def all_cases(work, rng, tools):
    put = Writer(work)
    for make in (leb128, absurd_counts, utf8_names, nesting, big_modules, exhaustion):
        yield from make(put)
    yield from truncated_and_flipped(put, rng, tools)
