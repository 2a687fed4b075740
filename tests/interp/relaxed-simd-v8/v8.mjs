// Runs every relaxed SIMD instruction of harness.wasm in V8 on edge and pseudo-random inputs and
// prints one .wast assertion per run with V8's result:
//   node --experimental-wasm-relaxed-simd [tier flags] v8.mjs harness.wasm
// The inputs are the same on every run (a fixed linear congruential sequence).
import { readFileSync } from 'node:fs';

const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]));
const memory = new Uint32Array(instance.exports.mem.buffer);

let seed = 0x2545f491;
function random32() {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  const high = seed >>> 16;
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return ((high << 16) | (seed >>> 16)) >>> 0;
}
const pick = (values) => values[random32() % values.length];
const f32Bits = (x) => new Uint32Array(new Float32Array([x]).buffer)[0];
const f64Words = (x) => Array.from(new Uint32Array(new Float64Array([x]).buffer));

// Lane values that tell the hardware choices apart: NaNs (quiet, signalling, negative, with
// payloads), infinities, zeros of both signs, values just inside and outside the i32/u32 range.
const f32Edges = [NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 1, -1, 1.5, -1.5, 2147483520,
  2147483648, -2147483648, -2147483904, 4294967040, 4294967296, 3e9, 1e-45, 3.4e38]
  .map(f32Bits).concat([0xffc00000, 0x7fc0000a, 0x7fc0000b, 0x7f800001, 0xff80000c]);
const f64Edges = [NaN, Infinity, -Infinity, 0, -0, 0.5, -1, 1.5, -1.5, 2147483647.9, 2147483648,
  -2147483648.9, -2147483649, 4294967295.9, 4294967296, 1e300, 5e-324]
  .map(f64Words).concat([[0xa, 0x7ff80000], [0xb, 0xfff80000], [1, 0x7ff00000]]);
const intEdges = [0, 0xffffffff, 0x80000000, 0x7fffffff, 0x00ff00ff, 0xff00ff00, 0x80808080,
  0x7f7f7f7f, 0x01017f80, 0x00800080, 0x80000001, 0x8000ff7f, 0x0f1e2d3c, 0x8f10ff7f];

function laneWords(kind, edgeShare) {
  const words = [];
  while (words.length < 4) {
    const edge = random32() % 4 < edgeShare;
    if (kind === 'f64') words.push(...(edge ? pick(f64Edges) : [random32(), random32()]));
    else words.push(edge ? pick(kind === 'f32' ? f32Edges : intEdges) : random32());
  }
  return words;
}

const operandKind = (op) =>
  op.startsWith('f32x4') || op.includes('_f32x4') ? 'f32'
    : op.startsWith('f64x2') || op.includes('_f64x2') ? 'f64' : 'int';
const arity = (op) => op.includes('trunc') ? 1
  : /swizzle|min|max|q15mulr|dot_i8x16_i7x16_s/.test(op) ? 2 : 3;
const hex = (w) => '0x' + (w >>> 0).toString(16).padStart(8, '0');

for (const op of Object.keys(instance.exports).filter((k) => k.startsWith('m.')).map((k) => k.slice(2))) {
  for (let run = 0; run < 32; ++run) {
    const operands = [];
    for (let i = 0; i < arity(op); ++i) operands.push(laneWords(operandKind(op), run < 4 ? 0 : 3));
    operands.flat().forEach((word, i) => { memory[i] = word; });
    instance.exports['m.' + op]();
    const args = operands.map((o) => `(v128.const i32x4 ${o.map(hex).join(' ')})`).join(' ');
    const result = Array.from(memory.slice(12, 16)).map(hex).join(' ');
    console.log(`(assert_return (invoke "${op}" ${args}) (v128.const i32x4 ${result}))`);
  }
}
