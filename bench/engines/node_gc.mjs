// Runs a GC benchmark module's "run" export under node (V8), for bench/gc_speed.sh:
//   node bench/engines/node_gc.mjs FILE.wasm [ARGS...]
// The arguments are i32s; prints the result and, on stderr, "time: MS" for the call alone
// (compilation and instantiation excluded). Standard GC binaries need V8 13 or later (node 24);
// older nodes reject them with a CompileError, which ends with status 1.
import { readFile } from 'node:fs/promises';
import process from 'node:process';

const [file, ...rest] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node_gc.mjs FILE.wasm [ARGS...]');
  process.exit(2);
}
try {
  const module = await WebAssembly.compile(await readFile(file));
  const instance = await WebAssembly.instantiate(module, {});
  const run = instance.exports.run;
  if (typeof run !== 'function') throw new Error(`${file} exports no function "run"`);
  const args = rest.map((text) => Number.parseInt(text, 10));
  const start = process.hrtime.bigint();
  const result = run(...args);
  const end = process.hrtime.bigint();
  console.log(String(result));
  console.error(`time: ${(Number(end - start) / 1e6).toFixed(1)}`);
} catch (error) {
  console.error(`${file}: ${error}`);
  process.exit(1);
}
