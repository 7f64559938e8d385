"""The engines fuzz/diff compares and how their outputs are compared.

nanoproc (build/fuzz/nanoproc-fuzz-exec --batch) and V8 (node fuzz/v8_exec.mjs) are
long-lived processes fed one module path per line; each answers with the lines of
fuzz/exec_dump.cpp and "[end]". binaryen's interpreter (`wasm-opt --fuzz-exec-before`) is
one process per module: binaryen 108 has no batch mode.

Normal form (`normalise`): the call sequence, logged values, results, traps, each
"[memory NAME pages=N hash=H]" and "[error]". Traps: with V8, their kinds (TRAP_KINDS maps
both engines' messages); with binaryen only that there was one. Memory lines: with V8 only
(binaryen prints none; SIMD modules, which only binaryen runs, export their own memory
hash function a second time instead, see denan_simd).
Values (`same_value`): integers exactly; floats by value and sign; any NaN equals any NaN;
v128 lane by lane, a NaN lane equal to a quiet NaN lane (same_v128).
The modules come from `wasm-opt -ttf ... --denan` (plus denan_simd for SIMD), so no NaN is
computed, and no NaN bit pattern can reach memory, a result or a branch: memory is
compared byte for byte, and a NaN can only be a constant passed through unchanged (V8
cannot show its bits across the JS boundary anyway).
"""
import math
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
V8_SCRIPT = ROOT / "fuzz" / "v8_exec.mjs"
# Type reflection gives the export signatures; tail calls and extended constant expressions
# are on by default in node 20 and behind these flags in Debian's node 18.
NODE_FLAGS = ["--experimental-wasm-type-reflection", "--expose-gc", "--experimental-wasm-return-call",
              "--experimental-wasm-extended-const"]

# The feature sets modules are generated with, and the references that can run them.
# nanoproc has all of Wasm 3.0. binaryen 108's -ttf emits no exception-handling
# instructions, and its reference-types modules follow a pre-standard subtyping (funcref
# where externref is expected), which nanoproc and V8 both reject; so neither is used.
# SIMD modules log v128 values, which cannot cross V8's JS boundary: binaryen only.
BASE = ["--enable-sign-ext", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
        "--enable-multivalue", "--enable-mutable-globals"]
FEATURE_SETS = [
    (BASE, ("v8", "binaryen")),
    (BASE + ["--enable-tail-call", "--enable-extended-const"], ("v8", "binaryen")),
    (BASE + ["--enable-simd"], ("binaryen",)),
    (BASE + ["--enable-simd", "--enable-tail-call"], ("binaryen",)),
    (["--enable-sign-ext", "--enable-bulk-memory"], ("v8", "binaryen")),
    ([], ("v8", "binaryen")),
]


# nanoproc's modes (nanoproc-fuzz-exec --batch options): guard pages or explicit bounds
# checks, with or without compiled-in fuel checks (interruptible code), with or without a
# copy-on-write memory image (normally only for 64 KiB of data or more).
MODES = [",".join(o for o in (bounds, fuel, image) if o)
         for image in ("", "memory-image") for fuel in ("", "interruptible") for bounds in ("", "explicit-bounds")]


def v8_runs(feats):
    return "--enable-simd" not in feats


# SIMD float arithmetic whose NaN results the spec leaves open (any arithmetic NaN when an
# input NaN is not canonical): binaryen 108 returns the canonical NaN, x86 (nanoproc, V8)
# the input's payload, and binaryen's --denan does not instrument v128 values. The
# generator wraps each of these in a call that turns NaN lanes into zeros, as --denan does
# for scalars (denan_simd). pmin/pmax, abs, neg and the comparisons are exact bit
# operations and stay unwrapped.
SIMD_NAN_OPS = {
    "f32x4": ["add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc", "nearest",
              "demote_f64x2_zero"],
    "f64x2": ["add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc", "nearest",
              "promote_low_f32x4"],
}
DENAN_FUNCS = {shape: f"$__fuzz_denan_{shape}" for shape in SIMD_NAN_OPS}


_DENAN_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|;;[^\n]*|\(([^\s()]*)|\)', re.S)


def denan_simd(text):
    """binaryen's folded text of a module → the same with every SIMD_NAN_OPS expression E
    replaced by (call $__fuzz_denan_SHAPE E), and those two functions added; and the
    "hashMemory" function exported again as "hashMemory_end" (SIMD modules are compared
    with binaryen only, which prints no memory)."""
    text = text[max(text.find("(module"), 0):]  # --fuzz-passes prints its levels first
    targets = {f"{shape}.{op}": shape for shape, ops in SIMD_NAN_OPS.items() for op in ops}
    inserts = []  # (position, text), applied from the end
    stack = []
    # Tokens that matter: strings (names, data: parentheses inside do not count), line
    # comments, "(" with the keyword after it, ")". The regex skips everything else in C.
    for t in _DENAN_TOKENS.finditer(text):
        c = text[t.start()]
        if c == "(":
            stack.append((t.start(), targets.get(t.group(1))))
        elif c == ")" and stack:
            start, shape = stack.pop()
            if shape:
                inserts.append((start, f"(call {DENAN_FUNCS[shape]} "))
                inserts.append((t.end(), ")"))
    end = text.rstrip().rfind(")")
    # binaryen prints no memory, so the module's own hash of the bytes -ttf code touches
    # (its "hashMemory" export, normally called first) is exported again, to run last.
    m = re.search(r'\(export "hashMemory" \(func (\$[^\s()]+)\)\)', text)
    if m:
        inserts.append((end, f'\n (export "hashMemory_end" (func {m.group(1)}))'))
    if not inserts:
        return text
    funcs = "".join(f"\n (func {DENAN_FUNCS[shape]} (param $0 v128) (result v128)\n"
                    f"  (v128.and (local.get $0) ({shape}.eq (local.get $0) (local.get $0))))"
                    for shape in SIMD_NAN_OPS)
    inserts.append((end, funcs + "\n"))
    # At one position a closing ")" goes before an opening "(call".
    out, last = [], 0
    for pos, ins in sorted(inserts, key=lambda t: (t[0], t[1] != ")")):
        out += [text[last:pos], ins]
        last = pos
    return "".join(out) + text[last:]


class BatchEngine:
    """A long-lived process answering one module per request; restarted after a crash or
    a timeout (which are results themselves: "crash" / "timeout")."""

    def __init__(self, name, argv, recycle=0):
        self.name, self.argv, self.proc, self.buf = name, argv, None, b""
        self.stderr = tempfile.TemporaryFile()  # kept for the report of a crash (ASan's)
        self.recycle, self.sent = recycle, 0  # a fresh process every `recycle` modules (0: never)

    def _start(self):
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, start_new_session=True)
        self.buf, self.sent = b"", 0

    def send(self, path, option=""):
        if self.proc is not None and self.recycle and self.sent >= self.recycle:
            self.stop()
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        self.sent += 1
        self.stderr.seek(0)
        self.stderr.truncate()
        try:
            self.proc.stdin.write(f"{path}\t{option}\n".encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass

    def receive(self, timeout):
        """(text, status): status is "ok", "crash" or "timeout"."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"[end]\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.stop()
                return "", "timeout"
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                self.stop()
                self.stderr.seek(0)
                err = self.stderr.read()[-4000:].decode(errors="replace")
                return self.buf.decode(errors="replace") + f"\n<stderr>\n{err}", "crash"
            self.buf += chunk
        text, _, self.buf = self.buf.partition(b"[end]\n")
        return text.decode(errors="replace"), "ok"

    def run(self, path, option="", timeout=30):
        self.send(path, option)
        return self.receive(timeout)

    def finish(self, timeout=60):
        """Ends the process by closing its input, so that it exits normally (and an ASan
        build runs its leak check). None, or what went wrong: status and stderr's tail."""
        if self.proc is None:
            return None
        self.stderr.seek(0)
        self.stderr.truncate()
        try:
            self.proc.stdin.close()
            status = self.proc.wait(timeout)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.stop()
            return f"{self.name} did not exit within {timeout} s of the end of its input"
        self.proc = None
        if status == 0:
            return None
        self.stderr.seek(0)
        return f"{self.name} exited with status {status}:\n" + self.stderr.read()[-4000:].decode(errors="replace")

    def stop(self):
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
            self.proc = None


def nanoproc_engine(exe):
    return BatchEngine("nanoproc", [exe, "--batch"])


def v8_engine():
    node = shutil.which("node") or shutil.which("nodejs")
    # node 20's V8 keeps every canonical wasm type group of every module it has compiled, in
    # a hash table whose lookups slow down as it grows: after 80,000 modules one process
    # spent 96% of its time there and fuzz/diff ran at a quarter of its speed. A fresh
    # process every 1,000 modules costs about 0.05 ms per module.
    return BatchEngine("v8", [node, *NODE_FLAGS, str(V8_SCRIPT)], recycle=1000) if node else None


class WasmOpt:
    """Runs binaryen's wasm-opt like subprocess.run(capture_output=True): through the fork
    server of fuzz/forkserver.cpp (one per calling thread) when FORKSERVER is built, else as
    a fresh process. A run through the server is the same run of the same tool without its
    start-up (exec, binding libbinaryen, static constructors: two thirds of a small run)."""

    def __init__(self, path, forkserver=None):
        self.path = path
        self.forkserver = str(forkserver) if forkserver and Path(forkserver).exists() else None
        self.local = threading.local()
        self.servers, self.lock = [], threading.Lock()
        self.tmp = tempfile.mkdtemp(prefix="nanoproc-wasm-opt-") if self.forkserver else None

    def _server(self):
        server = getattr(self.local, "server", None)
        if server is None or server.poll() is not None:
            env = dict(os.environ, LD_PRELOAD=self.forkserver, LD_BIND_NOW="1", NANOPROC_FORKSERVER="1")
            server = subprocess.Popen([self.path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
            self.local.server = server
            with self.lock:
                self.servers.append(server)
        return server

    def _plain(self, args, timeout, text):
        return subprocess.run([self.path, *args], capture_output=True, text=text, timeout=timeout)

    def run(self, args, timeout=60, text=False):
        """A CompletedProcess (returncode negative for a signal); raises TimeoutExpired."""
        if not self.forkserver or any("\t" in a or "\n" in a for a in args):
            return self._plain(args, timeout, text)
        name = os.path.join(self.tmp, str(threading.get_ident()))
        request = "\t".join([str(math.ceil(timeout)), "", name + ".out", name + ".err", *args]) + "\n"
        server = self._server()
        try:
            server.stdin.write(request.encode())
            server.stdin.flush()
            reply = server.stdout.readline().decode().split()
        except BrokenPipeError:
            reply = []
        if len(reply) != 2 or reply[0] not in ("exit", "signal"):
            server.kill()  # a broken server: the next run starts another; this one runs plainly
            return self._plain(args, timeout, text)
        if reply[0] == "signal" and int(reply[1]) == signal.SIGALRM:
            raise subprocess.TimeoutExpired([self.path, *args], timeout)
        code = int(reply[1]) if reply[0] == "exit" else -int(reply[1])
        with open(name + ".out", "rb") as f:
            out = f.read()
        with open(name + ".err", "rb") as f:
            err = f.read()
        if text:
            out, err = out.decode(errors="replace"), err.decode(errors="replace")
        return subprocess.CompletedProcess([self.path, *args], code, out, err)

    def self_check(self):
        """None, or why the fork server cannot be trusted: one module made from fixed bytes
        must come out the same from the server and from a fresh process."""
        if not self.forkserver:
            return None
        raw = os.path.join(self.tmp, "check.dat")
        with open(raw, "wb") as f:
            f.write(bytes((i * 131 + 7) % 251 for i in range(2048)))
        args = ["-ttf", raw, "--enable-bulk-memory", "--denan", "--print"]
        served = self.run(args, text=True)
        plain = self._plain(args, 60, True)
        if (served.returncode, served.stdout) != (plain.returncode, plain.stdout) or not plain.stdout:
            return (f"{self.forkserver}: wasm-opt through the fork server printed {len(served.stdout)} bytes "
                    f"(status {served.returncode}), a fresh wasm-opt {len(plain.stdout)} (status "
                    f"{plain.returncode}); they must be the same module")
        return None

    def close(self):
        for server in self.servers:
            if server.poll() is None:
                server.stdin.close()
                server.wait()
        self.servers = []
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


def binaryen_run(wasm_opt, wasm, feats, timeout=30):
    """(text, status) of binaryen's interpreter: status "ok", "error" (it refused the
    module) or "timeout"."""
    try:
        r = wasm_opt.run([wasm, *feats, "--fuzz-exec-before", "-q"], text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "", "timeout"
    return r.stdout, "ok" if r.returncode == 0 else "error"


# Trap kinds by message, for nanoproc (runtime/traps.def, the spec's wording) and V8, which
# word them differently and not one to one: the spec's "integer overflow" is both a signed
# division's INT_MIN / -1 (V8: "divide result unrepresentable") and a float-to-integer
# truncation out of range (V8: "float unrepresentable in integer range", which is also its
# message for truncating a NaN, the spec's "invalid conversion to integer"). A message maps
# to the set of kinds it may mean; two traps agree when their sets meet. binaryen's
# messages are not compared, and a message not listed ("other") agrees with any trap.
TRAP_KINDS = [
    (("unreachable",), {"unreachable"}),
    (("out of bounds memory access", "memory access out of bounds"), {"memory-bounds"}),
    (("out of bounds table access", "table index is out of bounds", "undefined element"), {"table-bounds"}),
    (("null function or function signature mismatch",), {"null-element", "signature"}),
    (("uninitialized element",), {"null-element"}),
    (("indirect call type mismatch",), {"signature"}),
    (("integer divide by zero", "divide by zero", "remainder by zero"), {"divide-by-zero"}),
    (("integer overflow",), {"divide-overflow", "truncate-overflow"}),
    (("divide result unrepresentable",), {"divide-overflow"}),
    (("invalid conversion to integer",), {"truncate-nan"}),
    (("float unrepresentable in integer range",), {"truncate-overflow", "truncate-nan"}),
    (("call stack exhausted", "maximum call stack size exceeded"), {"stack"}),
]


def trap_kind(line):
    """"a|b" (the kinds a trap line may mean, sorted), or "other"."""
    message = line[len("[trap"):].rstrip("]").strip().lower()
    for messages, kinds in TRAP_KINDS:
        if any(m in message for m in messages):
            return "|".join(sorted(kinds))
    return "other"


def keep(line, memory, traps=False):
    for prefix in ("[fuzz-exec] calling", "[fuzz-exec] note result", "[LoggingExternalInterface",
                   "[js-exception"):
        if line.startswith(prefix):
            return line
    if line.startswith("[trap"):
        return f"[trap {trap_kind(line)}]" if traps else "[trap]"
    if line.startswith("[error"):
        return "[error]"
    if memory and line.startswith("[memory "):
        return line
    return None


def normalise(text, memory=True, traps=False):
    return [k for k in (keep(line, memory, traps) for line in text.splitlines()) if k is not None]


def kind(line):
    """The kind of a normal-form line, for "the same disagreement" while reducing."""
    for k, prefix in (("call", "[fuzz-exec] calling"), ("result", "[fuzz-exec] note result"),
                      ("log", "[LoggingExternalInterface"), ("trap", "[trap]"), ("memory", "[memory"),
                      ("error", "[error]"), ("js-exception", "[js-exception")):
        if line.startswith(prefix):
            return k
    return line  # "<end>", "<crash>", "<timeout>"


def same_trap(a, b):
    if not (a.startswith("[trap ") and b.startswith("[trap ")):
        return False
    ka, kb = set(a[6:-1].split("|")), set(b[6:-1].split("|"))
    return "other" in ka or "other" in kb or bool(ka & kb)


def tokens(line):
    """(head, values) of a result or log line, else None."""
    for marker in (" => ", "logging "):
        if marker in line:
            head, _, rest = line.partition(marker)
            if line.startswith("[Logging"):
                return head, rest.rstrip("]").split()
            rest = rest.strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1]
            return head, [t.strip() for t in rest.split(",")]
    return None


def parse_float(t):
    t = t.strip()
    if "nan" in t:
        return math.nan
    try:
        return float(t)
    except ValueError:
        return None


def same_value(a, b):
    if a == b:
        return True
    try:  # "-0" is only ever a float (integers print as "0"): compared as a float below
        if "-0" not in (a, b):
            return int(a) == int(b)
    except ValueError:
        pass
    fa, fb = parse_float(a), parse_float(b)
    if fa is None or fb is None:
        return False
    if math.isnan(fa) or math.isnan(fb):
        return math.isnan(fa) and math.isnan(fb)
    return fa == fb and math.copysign(1, fa) == math.copysign(1, fb)


def v128_lanes(value):
    """The four i32 lanes of "i32x4 0x.. 0x.. 0x.. 0x..", else None."""
    parts = value.split()
    if len(parts) != 5 or parts[0] != "i32x4":
        return None
    try:
        return [int(p, 16) for p in parts[1:]]
    except ValueError:
        return None


def f32_nan(bits):
    return bits & 0x7f800000 == 0x7f800000 and bits & 0x007fffff != 0


def f64_nan(bits):
    return bits & 0x7ff0000000000000 == 0x7ff0000000000000 and bits & 0x000fffffffffffff != 0


def same_v128(ref, ours):
    """Lane by lane; a lane (as f32x4, or a pair of lanes as f64x2) where the reference has
    a NaN and nanoproc an arithmetic (quiet) NaN with other bits is the same value. --denan
    does not reach SIMD lanes in binaryen 108, so f32x4/f64x2 arithmetic sees NaNs, and
    the spec lets it return any arithmetic NaN when an input NaN is not canonical
    (binaryen returns the canonical NaN, x86 propagates the input's payload)."""
    for i in range(4):
        if ref[i] == ours[i]:
            continue
        if f32_nan(ref[i]) and f32_nan(ours[i]) and ours[i] & 0x00400000:
            continue
        lo = i & ~1
        r64, o64 = ref[lo] | ref[lo + 1] << 32, ours[lo] | ours[lo + 1] << 32
        if f64_nan(r64) and f64_nan(o64) and o64 & 0x0008000000000000:
            continue
        return False
    return True


def same_line(a, b):
    if a == b or same_trap(a, b):
        return True
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb or ta[0] != tb[0]:
        return False
    va, vb = ta[1], tb[1]
    if a.startswith("[Logging") and va[:1] == ["i32x4"]:
        va, vb = [" ".join(va)], [" ".join(vb)]
    if len(va) != len(vb):
        return False
    for x, y in zip(va, vb):
        lx, ly = v128_lanes(x), v128_lanes(y)
        if lx is not None and ly is not None:
            if not same_v128(lx, ly):
                return False
        elif not same_value(x, y):
            return False
    return True


def first_difference(ref, ours):
    """None, or (line number, reference line, our line)."""
    for i in range(max(len(ref), len(ours))):
        a = ref[i] if i < len(ref) else "<end>"
        b = ours[i] if i < len(ours) else "<end>"
        if not same_line(a, b):
            return i, a, b
    return None


def compare(ref_text, ref_status, ours_text, ours_status, memory):
    """Compares one reference's answer with nanoproc's: None or (line, ref, ours). With
    V8 (memory=True) memories and trap kinds are compared too."""
    if ours_status != "ok":
        return 0, "<runs>", f"<{ours_status}>"
    if ref_status != "ok":
        return 0, f"<{ref_status}>", "<runs>"
    return first_difference(normalise(ref_text, memory, traps=memory), normalise(ours_text, memory, traps=memory))


def self_test():
    """The comparison rules above, checked at the start of every fuzz/diff run (a broken
    comparator would let every module pass)."""
    r = "[fuzz-exec] note result: f => "
    assert same_line(r + "(1, -0, 2.5)", r + "(1, -0, 2.5)")
    assert not same_line(r + "(1, -0, 2.5)", r + "(1, 0, 2.5)")
    assert same_line(r + "nan:0x400000", r + "nan") and not same_line(r + "nan", r + "0")
    assert same_line(r + "1e+21", r + "1000000000000000000000")
    assert not same_line(r + "1", r + "2") and not same_line(r + "1", "[trap]")
    v = r + "i32x4 0x7fc00000 0x00000001 0x00000000 0x7ff80000"
    assert same_line(v, r + "i32x4 0xffccffff 0x00000001 0x12345678 0xfff80001")  # NaN lanes
    assert not same_line(v, r + "i32x4 0xff8cffff 0x00000001 0x00000000 0x7ff80000")  # signalling
    assert not same_line(v, r + "i32x4 0x7fc00000 0x00000002 0x00000000 0x7ff80000")
    log = "[LoggingExternalInterface logging "
    assert same_line(log + "1 -1]", log + "1 -1]") and not same_line(log + "1 -1]", log + "1 0]")
    assert normalise("[trap a]\n[memory m pages=1 hash=ab]\nnoise\n[error x]", memory=False) == ["[trap]", "[error]"]
    ours, v8 = "[trap out of bounds memory access]", "[trap memory access out of bounds]"
    assert not first_difference(normalise(ours, traps=True), normalise(v8, traps=True))
    assert first_difference(normalise("[trap integer divide by zero]", traps=True), normalise(v8, traps=True))
    overflow = normalise("[trap integer overflow]", traps=True)
    assert not first_difference(overflow, normalise("[trap float unrepresentable in integer range]", traps=True))
    assert not first_difference(overflow, normalise("[trap divide result unrepresentable]", traps=True))
    assert first_difference(normalise("[trap invalid conversion to integer]", traps=True),
                            normalise("[trap divide result unrepresentable]", traps=True))
    assert not first_difference(normalise("[trap something new]", traps=True), normalise(v8, traps=True))
    assert first_difference(normalise("[memory m pages=1 hash=ab]"), normalise("[memory m pages=1 hash=ac]"))
    wat = '(module\n (data "(f32x4.add")\n (func (result v128)\n  (f64x2.sqrt\n   (f32x4.add (v128.const i32x4 0 0 0 0)(local.get $0))\n  )\n )\n)\n'
    out = denan_simd(wat)
    assert '(data "(f32x4.add")' in out and out.count("(call $__fuzz_denan_f32x4 (f32x4.add") == 1
    assert out.count("(call $__fuzz_denan_f64x2 (f64x2.sqrt") == 1 and "(func $__fuzz_denan_f64x2" in out
    assert out.count("(") - out.count(")") == wat.count("(") - wat.count(")")
