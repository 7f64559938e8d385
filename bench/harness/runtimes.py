"""The runtimes bench/run compares, how each is invoked, and how its time is read.

Three ways of timing the work between bench.start and bench.end:
- "bench contract" (nanoproc, node): the runtime provides the bench imports itself and prints
  one JSON report (`nanoproc bench ... --json`, or our node runner with the same interface);
- "self-timed copy" (wasm3, wasm-interp, iwasm, wasmtime): command-line runtimes with WASI but no
  way to provide extra imports run a rewritten copy whose bench imports read WASI's clock
  (instrument.py) and print a marker line to stderr;
- "native shim": the native build of our programs prints the same marker (support/native_shim.c).
Whole-process wall time is measured for everyone by the harness.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import instrument
from execute import Execution, execute, tail
from suite import Benchmark


@dataclass
class RunResult:
    status: str                    # "ok", or why not: "wrong stdout", "exit 1: ...", "timeout"
    run_ns: int | None = None      # bench.start -> bench.end
    process_ns: int | None = None  # whole process, wall clock
    cpu_ns: int | None = None
    compile_ns: int | None = None  # contract runtimes only
    instantiate_ns: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class Check:
    """What a run's outputs must equal; None means unchecked."""
    stdout: bytes | None
    stderr: bytes | None

    @staticmethod
    def expected(bench: Benchmark) -> "Check":
        return Check(bench.expected_stdout, bench.expected_stderr)


def _verdict(ex: Execution, stdout: bytes, stderr: bytes, check: Check) -> str:
    if ex.start_error:
        return f"cannot start: {ex.start_error}"
    if ex.timed_out:
        return "timeout"
    if ex.returncode != 0:
        return f"exit {ex.returncode}: {tail(stderr or stdout, 160)}"
    if check.stdout is not None and stdout != check.stdout:
        return "wrong stdout"
    if check.stderr is not None and stderr != check.stderr:
        return "wrong stderr"
    return "ok"


def _first_line(cmd: list[str]) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (p.stdout or p.stderr).strip().splitlines()
    return lines[0].strip() if lines else "?"


@dataclass
class Runtime:
    name: str
    timing: str                       # see the module docstring
    version: str = "?"
    slow: bool = False                # runs only the slow subset unless --slow-all
    note: str = ""                    # shown under the tables
    cache_dir: Path = field(default=Path("."))

    def unavailable(self, bench: Benchmark) -> str | None:
        """Why this runtime cannot run bench (or None)."""
        return None

    def run(self, bench: Benchmark, args: list[str], timeout: float | None, check: Check,
            wrapper: list[str] = ()) -> RunResult:
        raise NotImplementedError

    def startup_command(self, noop: Benchmark) -> list[str] | None:
        """Command running the WASI hello world (sightglass noop)."""
        return None

    def load_only_command(self, wasm: Path) -> tuple[list[str], str] | None:
        """Command that loads, validates and instantiates a module without running it, and how."""
        return None


class Native(Runtime):
    def __init__(self, hello: Path, compiler: str):
        super().__init__("native", "native shim", version=compiler)
        self.hello = hello

    def unavailable(self, bench):
        if bench.native is None:
            return "no native build" if bench.suite == "programs" else "wasm only"
        return None

    def run(self, bench, args, timeout, check, wrapper=()):
        ex = execute([*wrapper, str(bench.native), *args], bench.cwd, timeout)
        err, ns = instrument.split_marker(ex.stderr)
        status = _verdict(ex, ex.stdout, err, check)
        if status == "ok" and ns is None:
            status = "no timing marker"
        return RunResult(status, ns, ex.wall_ns, ex.cpu_ns)

    def startup_command(self, noop):
        return [str(self.hello)] if self.hello.exists() else None


class Contract(Runtime):
    """A runtime speaking the `bench` contract of docs/bench/README.md."""

    def __init__(self, name: str, prefix: list[str], version: str, note: str = ""):
        super().__init__(name, "bench contract", version=version, note=note)
        self.prefix = prefix

    def command(self, wasm: Path, args: list[str], extra: list[str] = ()) -> list[str]:
        return [*self.prefix, str(wasm.resolve()), "--dir", ".", "--iterations", "1", "--json",
                *extra, "--", *args]

    def run(self, bench, args, timeout, check, wrapper=()):
        ex = execute([*wrapper, *self.command(bench.wasm, args)], bench.cwd, timeout)
        if ex.start_error or ex.timed_out:
            return RunResult(_verdict(ex, b"", b"", check), process_ns=ex.wall_ns, cpu_ns=ex.cpu_ns)
        report = None
        for line in reversed(ex.stdout.decode("utf-8", "replace").splitlines()):
            if line.startswith("{"):
                try:
                    report = json.loads(line)
                except ValueError:
                    pass
                break
        if report is None:
            return RunResult(f"exit {ex.returncode}, no JSON report: {tail(ex.stderr or ex.stdout, 160)}",
                             process_ns=ex.wall_ns, cpu_ns=ex.cpu_ns)

        def med(key):
            v = report.get(key)
            return int(v["median"]) if isinstance(v, dict) and v.get("median") is not None else None

        if report.get("error"):
            status = f"error: {report['error']}"
        elif ex.returncode not in (0, None) and report.get("exit_code", 0) != 0:
            status = f"exit {report.get('exit_code')}"
        elif check.stdout is not None and report.get("stdout_ok") is False:
            status = "wrong stdout"
        elif check.stderr is not None and report.get("stderr_ok") is False:
            status = "wrong stderr"
        elif med("run_ns") is None:
            status = "no bench.start/bench.end time"
        else:
            status = "ok"
        return RunResult(status, med("run_ns"), ex.wall_ns, ex.cpu_ns, med("compile_ns"),
                         med("instantiate_ns"))

    def startup_command(self, noop):
        return self.command(noop.wasm, [])


class Nanoproc(Contract):
    def __init__(self, binary: Path, version: str, commands: set[str], bench_help: str):
        super().__init__("nanoproc", [str(binary), "bench"], version)
        self.binary = binary
        self.commands = commands
        self.bench_help = bench_help

    def load_only_command(self, wasm):
        if "--instantiate-only" in self.bench_help:
            return self.command(wasm, [], ["--instantiate-only"]), "bench --instantiate-only"
        if "validate" in self.commands:
            return [str(self.binary), "validate", str(wasm.resolve())], "validate (no instantiation yet)"
        return None


class NanoprocValidateOnly(Runtime):
    """nanoproc before it has `bench`: only the start-up table's load-only column, by `validate`."""

    def __init__(self, binary: Path, version: str):
        super().__init__("nanoproc", "none (no `bench` command yet)", version=version)
        self.binary = binary

    def load_only_command(self, wasm):
        return [str(self.binary), "validate", str(wasm.resolve())], "validate only (no `bench` yet)"


class Node(Contract):
    def __init__(self, runner: Path, version: str, turbofan_only: bool):
        flags = ["--no-warnings"] + (["--no-liftoff"] if turbofan_only else [])
        note = ("V8 with TurboFan only (`--no-liftoff`): peak code from the first call"
                if turbofan_only else
                "V8 default tiering: Liftoff first, TurboFan in the background; "
                "a long loop in a function called once stays in Liftoff code (no OSR for wasm)")
        super().__init__("node-tf" if turbofan_only else "node", ["node", *flags, str(runner)],
                         version, note)

    def load_only_command(self, wasm):
        return self.command(wasm, [], ["--instantiate-only"]), "compile + instantiate (runner)"


class Cli(Runtime):
    """A WASI command-line runtime, fed self-timed copies of the modules."""

    def __init__(self, name: str, exe: str, version: str, template: list[str], slow: bool = False,
                 load_only: tuple[list[str], str] | None = None, note: str = ""):
        super().__init__(name, "self-timed copy", version=version, slow=slow, note=note)
        self.exe = exe
        self.template = template  # "{exe}", "{wasm}" and "{args}" are substituted
        self.load_only = load_only
        self.copy_errors: dict[Path, str] = {}

    def timed_copy(self, wasm: Path) -> Path | None:
        if wasm in self.copy_errors:
            return None
        try:
            return instrument.instrumented_copy(wasm, self.cache_dir)
        except instrument.InstrumentError as e:
            self.copy_errors[wasm] = str(e)
            return None

    def _expand(self, template: list[str], wasm: Path, args: list[str]) -> list[str]:
        cmd = []
        for part in template:
            if part == "{args}":
                cmd.extend(args)
            else:
                cmd.append(part.replace("{exe}", self.exe).replace("{wasm}", str(wasm)))
        return cmd

    def unavailable(self, bench):
        if self.timed_copy(bench.wasm) is None:
            return f"cannot rewrite: {self.copy_errors[bench.wasm]}"
        return None

    def run(self, bench, args, timeout, check, wrapper=()):
        copy = self.timed_copy(bench.wasm)
        ex = execute([*wrapper, *self._expand(self.template, copy, args)], bench.cwd, timeout)
        err, ns = instrument.split_marker(ex.stderr)
        status = _verdict(ex, ex.stdout, err, check)
        if status == "ok" and ns is None:
            status = "no timing marker"
        return RunResult(status, ns, ex.wall_ns, ex.cpu_ns)

    def startup_command(self, noop):
        copy = self.timed_copy(noop.wasm)
        return self._expand(self.template, copy, []) if copy else None

    def load_only_command(self, wasm):
        if self.load_only is None:
            return None
        template, how = self.load_only
        return self._expand(template, wasm.resolve(), []), how


def _nanoproc(binary: Path) -> tuple[Runtime | None, str]:
    """The nanoproc runtime if it has `bench`; else a validate-only stand-in for the start-up
    table when it has `validate`; with a note on what is missing."""
    if not binary.exists():
        return None, f"nanoproc: not measured: {binary} is not built"
    try:
        help_text = subprocess.run([str(binary), "help"], capture_output=True, text=True,
                                   timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"nanoproc: not measured: {binary} does not run ({e})"
    commands = {line.split()[0] for line in help_text.splitlines()
                if line.startswith("  ") and line.split()}
    if "bench" not in commands:
        why = (f"nanoproc: not measured: {binary} has no `bench` command yet "
               "(docs/bench/README.md describes the contract)")
        if "validate" in commands:
            return NanoprocValidateOnly(binary, _first_line([str(binary), "--version"])), \
                why + "; its `validate` is timed in the start-up table"
        return None, why
    bench_help = subprocess.run([str(binary), "bench", "--help"], capture_output=True, text=True,
                                timeout=20)
    version = _first_line([str(binary), "--version"])
    return Nanoproc(binary, version, commands, bench_help.stdout + bench_help.stderr), ""


def discover(repo: Path, nanoproc_binary: Path, cache_dir: Path, hello: Path,
             wanted: set[str] | None) -> tuple[list[Runtime], list[str], list[Runtime]]:
    """The runtimes found on this machine (native first), notes on the ones left out, and
    runtimes that only take part in the start-up table."""
    found: list[Runtime] = []
    notes: list[str] = []
    startup_only: list[Runtime] = []

    def want(name):
        return wanted is None or name in wanted

    if want("native"):
        found.append(Native(hello, _first_line(["clang-19", "--version"]) + ", -O2"))
    if want("nanoproc"):
        rt, why = _nanoproc(nanoproc_binary)
        if isinstance(rt, NanoprocValidateOnly):
            startup_only.append(rt)
        elif rt:
            found.append(rt)
        if why:
            notes.append(why)
    node = shutil.which("node")
    runner = repo / "bench" / "runners" / "node-runner.mjs"
    if node:
        version = "node " + _first_line(["node", "--version"])
        for tf in (False, True):
            rt = Node(runner, version, tf)
            if want(rt.name):
                found.append(rt)
    elif want("node"):
        notes.append("node: not found on PATH")

    clis = [
        # wasm3 preopens the working directory itself (its --dir option is accepted and ignored).
        ("wasm3", ["{exe}", "{wasm}", "{args}"], False,
         (["{exe}", "--compile", "--repl", "{wasm}"], "--compile --repl, stdin closed"), ""),
        ("wasm-interp", ["{exe}", "--wasi", "--dir", ".", "{wasm}", "{args}"], True,
         (["{exe}", "--dummy-import-func", "{wasm}"], "--dummy-import-func (nothing run)"),
         "wabt's reference interpreter, about 10x slower than wasm3; by default it runs only the "
         "benchmarks that take about a second there (--slow-all for all)"),
        ("iwasm", ["{exe}", "--dir=.", "{wasm}", "{args}"], False, None, ""),
        ("wasmtime", ["{exe}", "run", "--dir", ".", "{wasm}", "{args}"], False,
         None, ""),
    ]
    for name, template, slow, load_only, note in clis:
        if not want(name):
            continue
        exe = shutil.which(name)
        if not exe:
            notes.append(f"{name}: not found on PATH")
            continue
        version = _first_line([exe, "--version"])
        rt = Cli(name, exe, version, template, slow, load_only, note)
        rt.cache_dir = cache_dir
        found.append(rt)
    return found, notes, startup_only


def probe(rt: Runtime, noop: Benchmark) -> str | None:
    """Runs the WASI hello world once; returns why the runtime is unusable, or None."""
    if isinstance(rt, Native):
        return None
    if rt.unavailable(noop):
        return rt.unavailable(noop)
    res = rt.run(noop, [], 60, Check.expected(noop))
    if res.ok:
        return None
    return res.status
