// fuzz/v8_exec.mjs: the V8 reference of fuzz/diff. One long-lived node process runs many
// modules: it reads lines "PATH" (anything after a tab is ignored) from stdin and, for each
// module, prints the lines build/fuzz/nanoproc-fuzz-exec prints (see fuzz/exec_dump.cpp)
// followed by "[end]":
//
//   [fuzz-exec] calling NAME / [LoggingExternalInterface logging V] /
//   [fuzz-exec] note result: NAME => V / [trap MESSAGE] / [memory NAME pages=N hash=H]
//   [error WHAT]   the module did not compile or instantiate, or imports something else
//
//   node --experimental-wasm-type-reflection --expose-gc [--experimental-wasm-return-call
//        --experimental-wasm-extended-const] fuzz/v8_exec.mjs   (fuzz/diff_engines.py: NODE_FLAGS)
//
// Imports are binaryen 108's `wasm-opt -ttf` ones: fuzzing-support.log-{i32,i64,f32,f64}
// (i64 arrives as a BigInt; printed as its two i32 halves, low first, like binaryen).
// Before each export "hangLimitInitializer" is called; parameters are zeros (0n for i64,
// null for references). Across the JS boundary a NaN's bits are not observable, so every
// NaN prints as "nan" (fuzz/diff compares NaN-ness only there).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

function floatText(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return String(x);
}

function valueText(type, v) {
  switch (type) {
    case 'i32': return String(v | 0);
    case 'i64': return BigInt.asIntN(64, v).toString();
    case 'f32': case 'f64': return floatText(v);
    default: return v === null ? 'null' : 'ref';
  }
}

function defaultArg(type) {
  switch (type) {
    case 'i32': case 'f32': case 'f64': return 0;
    case 'i64': return 0n;
    default: return null;
  }
}

// fuzz/exec_dump.cpp's memory_hash: two 32-bit lanes over the non-zero little-endian words
// and their indices (most of a memory is zeros, which cost only the test).
function memoryHash(buffer) {
  const n = buffer.byteLength;
  const words = new Uint32Array(buffer, 0, n >>> 2);
  let h1 = 0x811c9dc5 | 0, h2 = 0x9e3779b9 | 0;
  const mix = (w, i) => {
    h1 = Math.imul(h1 ^ w ^ Math.imul(i, 0x9e3779b1 | 0), 0x01000193);
    h2 = Math.imul((h2 + w + i) | 0, 0x85ebca6b | 0) ^ (h2 >>> 13);
  };
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 0) mix(words[i], i);
  }
  if (n & 3) {
    const tail = new Uint8Array(buffer, n & ~3);
    let w = 0;
    for (let i = 0; i < tail.length; i++) w |= tail[i] << (8 * i);
    if (w !== 0) mix(w, n >>> 2);
  }
  const hex = (h) => (h >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2);
}

function runModule(path, out) {
  let module;
  try {
    module = new WebAssembly.Module(readFileSync(path));
  } catch (e) {
    out.push(`[error compile: ${e.message}]`);
    return;
  }
  const log = (type) => (v) => {
    if (type === 'i64') {
      out.push(`[LoggingExternalInterface logging ${BigInt.asIntN(32, v)} ${BigInt.asIntN(32, v >> 32n)}]`);
    } else {
      out.push(`[LoggingExternalInterface logging ${valueText(type, v)}]`);
    }
  };
  const support = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    const t = imp.type;
    if (imp.module !== 'fuzzing-support' || !imp.name.startsWith('log') || imp.kind !== 'function' ||
        t.parameters.length !== 1 || t.results.length !== 0) {
      out.push(`[error unsupported import ${imp.module}.${imp.name}]`);
      return;
    }
    support[imp.name] = log(t.parameters[0]);
  }
  let instance;
  try {
    instance = new WebAssembly.Instance(module, { 'fuzzing-support': support });
  } catch (e) {
    out.push(`[error instantiate: ${e.message}]`);
    return;
  }
  const ex = instance.exports;
  const hangInit = typeof ex.hangLimitInitializer === 'function' ? ex.hangLimitInitializer : null;
  const exports = WebAssembly.Module.exports(module);
  const call = (f, args) => {
    try {
      return { value: f(...args) };
    } catch (e) {
      // A wasm trap, or the stack exhausted (RangeError); anything else is a harness problem.
      if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) return { trap: e.message };
      return { trap: `js ${e.name}: ${e.message}`, foreign: true };
    }
  };
  for (const e of exports) {
    if (e.kind !== 'function') continue;
    out.push(`[fuzz-exec] calling ${e.name}`);
    if (hangInit) {
      const r = call(hangInit, []);
      if ('trap' in r) {
        out.push(`[trap ${r.trap}]`);
        continue;
      }
    }
    const r = call(ex[e.name], e.type.parameters.map(defaultArg));
    if ('trap' in r) {
      out.push(r.foreign ? `[js-exception ${r.trap}]` : `[trap ${r.trap}]`);
      continue;
    }
    const results = e.type.results;
    if (results.length === 0) continue;
    const values = results.length === 1 ? [r.value] : r.value;
    const text = results.map((t, i) => valueText(t, values[i])).join(', ');
    out.push(`[fuzz-exec] note result: ${e.name} => ${results.length > 1 ? `(${text})` : text}`);
  }
  for (const e of exports) {
    if (e.kind !== 'memory') continue;
    const buffer = ex[e.name].buffer;
    out.push(`[memory ${e.name} pages=${buffer.byteLength / 65536} hash=${memoryHash(buffer)}]`);
  }
}

let count = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const path = line.split('\t')[0];
  if (!path) continue;
  const out = [];
  try {
    runModule(path, out);
  } catch (e) {
    out.push(`[error harness: ${e && e.message}]`);
  }
  out.push('[end]');
  process.stdout.write(out.join('\n') + '\n');
  // Instances and their memories are garbage; collect them before reservations pile up.
  if (++count % 200 === 0 && globalThis.gc) globalThis.gc();
}
