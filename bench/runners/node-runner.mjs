// Runs a WASI (preview1) benchmark on Node's V8 the way `nanoproc bench` runs it on nanoproc,
// with the same command line and the same JSON report (docs/bench/README.md, "The bench
// contract"), so bench/run treats both alike.
//
//   node bench/runners/node-runner.mjs FILE.wasm [--dir HOST[::GUEST]]... [--iterations N]
//                                      [--json] [--instantiate-only] [-- ARGS...]
//
// Each iteration compiles the module, instantiates it with a fresh WASI instance and runs
// _start. bench.start/bench.end are host functions reading process.hrtime.bigint(). The guest's
// stdout/stderr go to temporary files and are compared with FILE's <stem>.stdout.expected /
// <stem>.stderr.expected when those exist. --instantiate-only stops after instantiation (for the
// start-up table: load + compile + instantiate of a module without running it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { WASI } from 'node:wasi';

function usage(message) {
  if (message) process.stderr.write(`node-runner: ${message}\n`);
  process.stderr.write(
    'usage: node node-runner.mjs FILE.wasm [--dir HOST[::GUEST]]... [--iterations N] [--json]\n' +
    '                            [--instantiate-only] [-- ARGS...]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { file: null, dirs: [], iterations: 1, json: false, instantiateOnly: false, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      opts.args = argv.slice(i + 1);
      break;
    } else if (a === '--dir') {
      if (i + 1 >= argv.length) usage('--dir needs a value');
      const [host, guest] = argv[++i].split('::');
      opts.dirs.push({ host, guest: guest ?? host });
    } else if (a === '--iterations') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) usage('--iterations needs a positive integer');
      opts.iterations = n;
    } else if (a === '--json') {
      opts.json = true;
    } else if (a === '--instantiate-only') {
      opts.instantiateOnly = true;
    } else if (a === '--help' || a === '-h') {
      usage();
    } else if (a.startsWith('-')) {
      usage(`unknown option ${a}`);
    } else if (opts.file === null) {
      opts.file = a;
    } else {
      usage(`unexpected argument ${a} (program arguments go after --)`);
    }
  }
  if (opts.file === null) usage('no FILE.wasm given');
  return opts;
}

function readExpected(file, stream) {
  const p = path.join(path.dirname(file), `${path.basename(file, '.wasm')}.${stream}.expected`);
  return fs.existsSync(p) ? fs.readFileSync(p) : null;
}

function stats(values) {
  const xs = values.filter((v) => v !== null).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2n;
  return { median: Number(median), min: Number(xs[0]), max: Number(xs[xs.length - 1]) };
}

async function runOnce(opts, bytes, scratch) {
  const times = { compile: null, instantiate: null, run: null, total: null };
  const outPath = path.join(scratch, 'stdout');
  const errPath = path.join(scratch, 'stderr');
  const outFd = fs.openSync(outPath, 'w');
  const errFd = fs.openSync(errPath, 'w');
  let exitCode = null;
  let error = null;
  try {
    const t0 = process.hrtime.bigint();
    const module = await WebAssembly.compile(bytes);
    const t1 = process.hrtime.bigint();
    const preopens = {};
    for (const d of opts.dirs) preopens[d.guest] = d.host;
    const wasi = new WASI({
      version: 'preview1',
      args: [path.basename(opts.file), ...opts.args],
      env: {},
      preopens,
      stdout: outFd,
      stderr: errFd,
      returnOnExit: true,
    });
    let start = null;
    let end = null;
    const imports = {
      ...wasi.getImportObject(),
      bench: {
        start() { start = process.hrtime.bigint(); },
        end() { end = process.hrtime.bigint(); },
      },
    };
    const instance = await WebAssembly.instantiate(module, imports);
    const t2 = process.hrtime.bigint();
    if (opts.instantiateOnly) {
      exitCode = 0;
    } else {
      try {
        exitCode = wasi.start(instance);
      } catch (e) {
        error = `trap: ${e.message}`;
      }
    }
    const t3 = process.hrtime.bigint();
    times.compile = t1 - t0;
    times.instantiate = t2 - t1;
    times.total = t3 - t0;
    if (start !== null && end !== null) times.run = end - start;
  } catch (e) {
    error = String(e.message ?? e);
  } finally {
    fs.closeSync(outFd);
    fs.closeSync(errFd);
  }
  return { times, exitCode, error, stdout: fs.readFileSync(outPath), stderr: fs.readFileSync(errPath) };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let bytes;
  try {
    bytes = fs.readFileSync(opts.file);
  } catch (e) {
    process.stderr.write(`node-runner: cannot read ${opts.file}: ${e.message}\n`);
    process.exit(1);
  }
  const expectedOut = opts.instantiateOnly ? null : readExpected(opts.file, 'stdout');
  const expectedErr = opts.instantiateOnly ? null : readExpected(opts.file, 'stderr');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'node-runner-'));
  const all = { compile: [], instantiate: [], run: [], total: [] };
  let stdoutOk = expectedOut === null ? null : true;
  let stderrOk = expectedErr === null ? null : true;
  let exitCode = 0;
  let error = null;
  try {
    for (let i = 0; i < opts.iterations; i++) {
      const r = await runOnce(opts, bytes, scratch);
      for (const k of Object.keys(all)) all[k].push(r.times[k]);
      if (expectedOut !== null && !r.stdout.equals(expectedOut)) stdoutOk = false;
      if (expectedErr !== null && !r.stderr.equals(expectedErr)) stderrOk = false;
      if (r.error !== null || r.exitCode !== 0) {
        exitCode = r.exitCode ?? 1;
        error = r.error ?? `exit code ${r.exitCode}`;
        break;
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const report = {
    file: opts.file,
    runtime: `node ${process.version}`,
    iterations: all.total.length,
    compile_ns: stats(all.compile),
    instantiate_ns: stats(all.instantiate),
    run_ns: stats(all.run),
    total_ns: stats(all.total),
    stdout_ok: stdoutOk,
    stderr_ok: stderrOk,
    exit_code: exitCode,
    error,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const ms = (s) => (s === null ? '-' : `${(s.median / 1e6).toFixed(3)} ms`);
    process.stdout.write(
      `${opts.file}: compile ${ms(report.compile_ns)}, instantiate ${ms(report.instantiate_ns)}, ` +
      `run ${ms(report.run_ns)}, total ${ms(report.total_ns)} (median of ${report.iterations}); ` +
      `stdout ${stdoutOk === null ? 'unchecked' : stdoutOk ? 'ok' : 'MISMATCH'}, ` +
      `stderr ${stderrOk === null ? 'unchecked' : stderrOk ? 'ok' : 'MISMATCH'}` +
      `${error ? `; error: ${error}` : ''}\n`);
  }
  const failed = error !== null || stdoutOk === false || stderrOk === false;
  process.exitCode = failed ? 1 : 0;
}

main();
