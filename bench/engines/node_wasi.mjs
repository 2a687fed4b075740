// Runs a wasm32-wasi command's _start under node (V8), for bench/compare.sh:
//   node bench/engines/node_wasi.mjs FILE.wasm [ARGS...]
//   node bench/engines/node_wasi.mjs --invoke NAME FILE.wasm   (calls an export, prints results)
// No directories are preopened and the environment is empty. Exits with the program's status;
// a trap or a missing export ends with status 1 and the error on stderr.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { WASI } from 'node:wasi';

let args = process.argv.slice(2);
let invoke = null;
if (args[0] === '--invoke') {
  invoke = args[1];
  args = args.slice(2);
}
if (args.length === 0 || (invoke !== null && invoke === undefined)) {
  console.error('usage: node_wasi.mjs [--invoke NAME] FILE.wasm [ARGS...]');
  process.exit(2);
}

try {
  const module = await WebAssembly.compile(await readFile(args[0]));
  const wasi = new WASI({ version: 'preview1', args, env: {}, preopens: {}, returnOnExit: true });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  if (invoke === null) {
    process.exitCode = wasi.start(instance);
  } else {
    const func = instance.exports[invoke];
    if (typeof func !== 'function') throw new Error(`${args[0]} exports no function "${invoke}"`);
    const result = func();
    if (result !== undefined) console.log(String(result));
  }
} catch (error) {
  console.error(`node_wasi: ${error.message}`);
  process.exitCode = 1;
}
