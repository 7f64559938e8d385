"""The engines fuzz/diff compares and how their outputs are compared.

nanoproc (build/fuzz/nanoproc-fuzz-exec --batch) and V8 (node fuzz/v8_exec.mjs) are
long-lived processes fed one module path per line; each answers with the lines of
fuzz/exec_dump.cpp and "[end]". binaryen's interpreter (`wasm-opt --fuzz-exec-before`) is
one process per module: binaryen 108 has no batch mode.

Normal form (`normalise`): the call sequence, logged values, results, "[trap]" (messages
differ between engines and are not compared), "[memory NAME pages=N hash=H]" (binaryen
prints no memory lines, so they are compared with V8 only) and "[error]".
Values (`same_value`): integers exactly; floats by value and sign; any NaN equals any NaN.
The modules come from `wasm-opt -ttf ... --denan`, so no NaN is computed, and no NaN bit
pattern can reach memory, a result or a branch: memory is compared byte for byte, and a
NaN can only be a constant passed through unchanged (V8 cannot show its bits across the JS
boundary anyway).
"""
import math
import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
V8_SCRIPT = ROOT / "fuzz" / "v8_exec.mjs"
NODE_FLAGS = ["--experimental-wasm-type-reflection", "--expose-gc"]

# The feature sets modules are generated with, and the references that can run them.
# nanoproc has all of Wasm 3.0. binaryen 108's -ttf emits no exception-handling
# instructions, and its reference-types modules follow a pre-standard subtyping (funcref
# where externref is expected), which nanoproc and V8 both reject; so neither is used.
# SIMD modules log v128 values, which cannot cross V8's JS boundary: binaryen only.
BASE = ["--enable-sign-ext", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
        "--enable-multivalue", "--enable-mutable-globals"]
FEATURE_SETS = [
    (BASE, ("v8", "binaryen")),
    (BASE + ["--enable-tail-call"], ("v8", "binaryen")),
    (BASE + ["--enable-simd"], ("binaryen",)),
    (BASE + ["--enable-simd", "--enable-tail-call"], ("binaryen",)),
    (["--enable-sign-ext", "--enable-bulk-memory"], ("v8", "binaryen")),
    ([], ("v8", "binaryen")),
]


def v8_runs(feats):
    return "--enable-simd" not in feats


class BatchEngine:
    """A long-lived process answering one module per request; restarted after a crash or
    a timeout (which are results themselves: "crash" / "timeout")."""

    def __init__(self, name, argv):
        self.name, self.argv, self.proc, self.buf = name, argv, None, b""

    def _start(self):
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        self.buf = b""

    def send(self, path, option=""):
        if self.proc is None or self.proc.poll() is not None:
            self._start()
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
                text = self.buf.decode(errors="replace")
                self.stop()
                return text, "crash"
            self.buf += chunk
        text, _, self.buf = self.buf.partition(b"[end]\n")
        return text.decode(errors="replace"), "ok"

    def run(self, path, option="", timeout=30):
        self.send(path, option)
        return self.receive(timeout)

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
    return BatchEngine("v8", [node, *NODE_FLAGS, str(V8_SCRIPT)]) if node else None


def binaryen_run(wasm_opt, wasm, feats, timeout=30):
    """(text, status) of binaryen's interpreter: status "ok", "error" (it refused the
    module) or "timeout"."""
    try:
        r = subprocess.run([wasm_opt, wasm, *feats, "--fuzz-exec-before", "-q"], capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "", "timeout"
    return r.stdout, "ok" if r.returncode == 0 else "error"


def keep(line, memory):
    for prefix in ("[fuzz-exec] calling", "[fuzz-exec] note result", "[LoggingExternalInterface",
                   "[js-exception"):
        if line.startswith(prefix):
            return line
    if line.startswith("[trap"):
        return "[trap]"
    if line.startswith("[error"):
        return "[error]"
    if memory and line.startswith("[memory "):
        return line
    return None


def normalise(text, memory=True):
    return [k for k in (keep(line, memory) for line in text.splitlines()) if k is not None]


def kind(line):
    """The kind of a normal-form line, for "the same disagreement" while reducing."""
    for k, prefix in (("call", "[fuzz-exec] calling"), ("result", "[fuzz-exec] note result"),
                      ("log", "[LoggingExternalInterface"), ("trap", "[trap]"), ("memory", "[memory"),
                      ("error", "[error]"), ("js-exception", "[js-exception")):
        if line.startswith(prefix):
            return k
    return line  # "<end>", "<crash>", "<timeout>"


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
    try:
        return int(a) == int(b)
    except ValueError:
        pass
    fa, fb = parse_float(a), parse_float(b)
    if fa is None or fb is None:
        return False
    if math.isnan(fa) or math.isnan(fb):
        return math.isnan(fa) and math.isnan(fb)
    return fa == fb and math.copysign(1, fa) == math.copysign(1, fb)


def same_line(a, b):
    if a == b:
        return True
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb or ta[0] != tb[0] or len(ta[1]) != len(tb[1]):
        return False
    return all(same_value(x, y) for x, y in zip(ta[1], tb[1]))


def first_difference(ref, ours):
    """None, or (line number, reference line, our line)."""
    for i in range(max(len(ref), len(ours))):
        a = ref[i] if i < len(ref) else "<end>"
        b = ours[i] if i < len(ours) else "<end>"
        if not same_line(a, b):
            return i, a, b
    return None


def compare(ref_text, ref_status, ours_text, ours_status, memory):
    """Compares one reference's answer with nanoproc's: None or (line, ref, ours)."""
    if ours_status != "ok":
        return 0, "<runs>", f"<{ours_status}>"
    if ref_status != "ok":
        return 0, f"<{ref_status}>", "<runs>"
    return first_difference(normalise(ref_text, memory), normalise(ours_text, memory))
