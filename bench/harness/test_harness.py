"""Tests of the harness's own logic: python3 -m unittest discover -s bench/harness

The rewrite test needs wabt's wasm2wat/wat2wasm and node (the node runner test too); they are
skipped when those are missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import instrument  # noqa: E402
import session  # noqa: E402
import stats  # noqa: E402
from runtimes import RunResult, Runtime  # noqa: E402
from suite import Benchmark  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

# Fills bytes 0..63 with a pattern, calls bench.start/bench.end around a little work, then
# prints "same\n" if the pattern survived (the rewrite borrows those bytes) and "changed\n" if not.
GUEST_WAT = r"""
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "bench" "start" (func $start))
  (import "bench" "end" (func $end))
  (memory (export "memory") 1)
  (data (i32.const 200) "same\n")
  (data (i32.const 210) "changed\n")
  (func $fill (param $seed i32) (result i32)  ;; returns a checksum of bytes 0..63
    (local $i i32) (local $sum i32)
    (loop $l
      (if (i32.ge_s (local.get $seed) (i32.const 0))
        (then (i32.store8 (local.get $i) (i32.add (local.get $seed) (local.get $i)))))
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 31)) (i32.load8_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 64))))
    (local.get $sum))
  (func $work (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100000)))))
  (func (export "_start") (local $before i32)
    (local.set $before (call $fill (i32.const 7)))
    (call $start)
    (call $work)
    (call $end)
    (i32.store (i32.const 100) (select (i32.const 200) (i32.const 210)
      (i32.eq (local.get $before) (call $fill (i32.const -1)))))
    (i32.store (i32.const 104) (select (i32.const 5) (i32.const 8)
      (i32.eq (local.get $before) (call $fill (i32.const -1)))))
    (drop (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 120)))))
"""

NODE_WASI = r"""
const { WASI } = require('node:wasi');
const fs = require('node:fs');
const wasi = new WASI({ version: 'preview1', args: [], env: {}, returnOnExit: true });
const mod = new WebAssembly.Module(fs.readFileSync(process.argv[1]));
const inst = new WebAssembly.Instance(mod, wasi.getImportObject());
process.exitCode = wasi.start(inst);
"""


def have(*tools: str) -> bool:
    return all(shutil.which(t) for t in tools)


class MarkerTest(unittest.TestCase):
    def test_split_marker_removes_the_line(self):
        rest, ns = instrument.split_marker(b"a\nNANOPROC_BENCH_NS 1234\nb\n")
        self.assertEqual(rest, b"a\nb\n")
        self.assertEqual(ns, 1234)

    def test_split_marker_without_marker(self):
        self.assertEqual(instrument.split_marker(b"x\n"), (b"x\n", None))

    def test_instrument_wat_rejects_modules_without_bench_imports(self):
        with self.assertRaises(instrument.InstrumentError):
            instrument.instrument_wat("(module)")


@unittest.skipUnless(have("wat2wasm", "wasm2wat", "wasm-objdump", "node"), "needs wabt and node")
class RewriteTest(unittest.TestCase):
    def test_rewritten_module_times_itself_and_leaves_memory_alone(self):
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            (tmp / "guest.wat").write_text(GUEST_WAT)
            subprocess.run(["wat2wasm", str(tmp / "guest.wat"), "-o", str(tmp / "guest.wasm")], check=True)
            timed = instrument.instrumented_copy(tmp / "guest.wasm", tmp / "cache")
            imports = subprocess.run(["wasm-objdump", "-j", "Import", "-x", str(timed)],
                                     capture_output=True, text=True, check=True).stdout
            self.assertNotIn("<- bench.", imports)
            p = subprocess.run(["node", "--no-warnings", "-e", NODE_WASI, str(timed)],
                               capture_output=True, check=True)
            self.assertEqual(p.stdout, b"same\n")
            rest, ns = instrument.split_marker(p.stderr)
            self.assertEqual(rest, b"")
            self.assertIsNotNone(ns)
            self.assertGreater(ns, 0)
            # Cached by content: a second call returns the same file without rebuilding.
            self.assertEqual(instrument.instrumented_copy(tmp / "guest.wasm", tmp / "cache"), timed)


@unittest.skipUnless(have("wat2wasm", "node"), "needs wabt and node")
class NodeRunnerTest(unittest.TestCase):
    def test_json_report_follows_the_contract(self):
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            (tmp / "guest.wat").write_text(GUEST_WAT)
            subprocess.run(["wat2wasm", str(tmp / "guest.wat"), "-o", str(tmp / "guest.wasm")], check=True)
            (tmp / "guest.stdout.expected").write_bytes(b"same\n")
            runner = REPO / "bench" / "runners" / "node-runner.mjs"
            p = subprocess.run(["node", "--no-warnings", str(runner), str(tmp / "guest.wasm"), "--dir", ".",
                                "--iterations", "3", "--json"], capture_output=True, text=True, cwd=tmp)
            self.assertEqual(p.returncode, 0, p.stderr)
            report = json.loads(p.stdout)
            self.assertEqual(report["iterations"], 3)
            for key in ("compile_ns", "instantiate_ns", "run_ns", "total_ns"):
                self.assertLessEqual(report[key]["min"], report[key]["median"])
                self.assertLessEqual(report[key]["median"], report[key]["max"])
            self.assertIs(report["stdout_ok"], True)
            self.assertIsNone(report["stderr_ok"])
            (tmp / "guest.stdout.expected").write_bytes(b"other\n")
            p = subprocess.run(["node", "--no-warnings", str(runner), str(tmp / "guest.wasm"), "--json"],
                               capture_output=True, text=True, cwd=tmp)
            self.assertEqual(p.returncode, 1)
            self.assertIs(json.loads(p.stdout)["stdout_ok"], False)


class StatsTest(unittest.TestCase):
    def test_median(self):
        self.assertEqual(stats.median([3, 1, 2]), 2)
        self.assertEqual(stats.median([4, 1, 2, 3]), 2.5)

    def test_geomean_ignores_missing(self):
        self.assertAlmostEqual(stats.geomean([2, 8, None]), 4)
        self.assertIsNone(stats.geomean([]))

    def test_pairwise_uses_common_benchmarks_only(self):
        times = {"a": {"x": 2, "y": 1}, "b": {"x": 8, "y": 2}, "c": {"x": 5}}
        pairs = stats.pairwise(times, ["x", "y"])
        g, n = pairs[("x", "y")]
        self.assertAlmostEqual(g, (2 * 4) ** 0.5)
        self.assertEqual(n, 2)


class FakeRuntime(Runtime):
    def __init__(self, name, results, slow=False):
        super().__init__(name, "fake", slow=slow)
        self.results = list(results)
        self.calls = 0

    def run(self, bench, args, timeout, check, wrapper=()):
        self.calls += 1
        return self.results.pop(0)


class SessionTest(unittest.TestCase):
    bench = Benchmark("sightglass", "x", Path("x.wasm"), Path("."))

    def test_round_robin_median_and_failure(self):
        ok = [RunResult("ok", run_ns=n, process_ns=n) for n in (5, 1, 3)]
        a = FakeRuntime("a", ok)
        b = FakeRuntime("b", [RunResult("ok", run_ns=1, process_ns=1), RunResult("wrong stdout")])
        cells = session.measure(self.bench, [a, b], session.Options(reps=3, cell_budget=100), set())
        self.assertEqual(cells["a"].med("run_ns"), 3)
        self.assertTrue(cells["a"].ok)
        self.assertEqual(cells["b"].status, "wrong stdout")
        self.assertEqual(b.calls, 2)  # no third run after the failure

    def test_slow_runtime_only_runs_the_slow_subset(self):
        slow = FakeRuntime("s", [], slow=True)
        cells = session.measure(self.bench, [slow], session.Options(reps=2), set())
        self.assertTrue(cells["s"].status.startswith("skipped: slow runtime"))
        self.assertEqual(slow.calls, 0)

    def test_cell_budget_stops_repeating(self):
        a = FakeRuntime("a", [RunResult("ok", run_ns=1, process_ns=1)] * 5)
        cells = session.measure(self.bench, [a], session.Options(reps=5, cell_budget=0), set())
        self.assertEqual(len(cells["a"].samples), 1)


class ReportTest(unittest.TestCase):
    def cells(self, **times):
        out = {}
        for name, t in times.items():
            if isinstance(t, str):
                out[name] = session.Cell([], t)
            else:
                out[name] = session.Cell([RunResult("ok", run_ns=t, process_ns=t)])
        return out

    def test_programs_table_ratios_and_means(self):
        import report
        results = {
            "programs/a": self.cells(native=100e6, nanoproc=400e6, wasm3=500e6, node=200e6),
            "programs/b": self.cells(native=100e6, nanoproc=900e6, wasm3="exit 1: boom", node=100e6),
            "programs/tiny": self.cells(native=1e3, nanoproc=2e3, wasm3=3e3, node=2e3),
        }
        lines = report.suite_table("t", results, ["native", "nanoproc", "wasm3", "node"], 1, True)
        text = "\n".join(lines)
        self.assertIn("| a | 100 ms | 400 ms (4.00×) | 500 ms (5.00×) | 200 ms (2.00×) | node | 2.00× | 0.80× |", text)
        self.assertIn("fails¹", text)
        self.assertIn("tiny ²", text)  # under 0.1 ms: shown, not averaged
        # geomean ÷ native of nanoproc over a and b only: sqrt(4 * 9) = 6
        self.assertIn("| **geomean ÷ native** | 1.00× | 6.00× | 5.00× | 1.41× |", text)
        self.assertIn("**0.80×**", text)  # nanoproc ÷ wasm3 over the benchmarks both ran

    def test_svg_is_well_formed(self):
        import xml.dom.minidom
        import svg
        results = {"sightglass/x": self.cells(node=1e6, wasm3=5e6, nanoproc="timeout (> 1 s)")}
        meta = {"date": "d", "cpu": "c", "commit": "k"}
        doc = xml.dom.minidom.parseString(svg.render(meta, results, ["node", "wasm3", "nanoproc"]))
        self.assertEqual(doc.documentElement.tagName, "svg")
        self.assertIn("nanoproc: timeout", doc.toxml())


if __name__ == "__main__":
    unittest.main()
