/**
 * y = b + x W on WebAssembly SIMD (f32x4), for the plain-JS planner.
 *
 * Planning one instruction is a few hundred small matrix-vector products;
 * V8 runs them as scalar loops (~0.85 G multiply-adds/s measured here), a
 * four-lane wasm loop runs them ~10x faster (`npm run bench:kernels`). No
 * library does just this without a build step or a native addon, and the
 * kernel is 60 bytes, so the module is assembled here, byte by byte.
 *
 * Weights live in an arena: one WebAssembly.Memory per network, never grown
 * (growing would detach every view). `affineSimd` takes a kernel that is a
 * view into an arena, copies x into the arena's scratch, runs the product and
 * copies y out; anything else (no SIMD in this runtime, a kernel outside an
 * arena, an output width not a multiple of 4) returns false and the caller
 * runs its JS loop.
 */

/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types, where it is declared). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const I32 = 0x7f;
const V128 = 0x7b;
const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];

/**
 * affine(x, w, y, n, out), pointers in bytes, y holding the bias on entry:
 * for each input i, y[0..out) += splat(x[i]) * w[i, 0..out), four lanes at a
 * time; w is walked once, row after row. Locals: 5 i, 6 w cursor, 7 y
 * cursor, 8 y end, 9 the splatted x[i].
 */
const BODY = [
  2, 4, I32, 1, V128,
  ...get(2), ...get(4), 0x41, 2, 0x74, 0x6a, ...set(8), // yEnd = y + out * 4
  ...get(1), ...set(6), // wp = w
  0x02, 0x40, 0x03, 0x40, // block, loop over i
  ...get(5), ...get(3), 0x4f, 0x0d, 1, // if i >= n break
  ...get(0), ...get(5), 0x41, 2, 0x74, 0x6a, 0x2a, 2, 0, 0xfd, 0x13, ...set(9), // xs = f32x4.splat(x[i])
  ...get(2), ...set(7), // yp = y
  0x02, 0x40, 0x03, 0x40, // block, loop over output lanes
  ...get(7), ...get(8), 0x4f, 0x0d, 1, // if yp >= yEnd break
  ...get(7), // address for the store
  ...get(7), 0xfd, 0x00, 4, 0, // v128.load y
  ...get(9), ...get(6), 0xfd, 0x00, 4, 0, 0xfd, 0xe6, 0x01, // xs * v128.load w
  0xfd, 0xe4, 0x01, // f32x4.add
  0xfd, 0x0b, 4, 0, // v128.store
  ...get(7), 0x41, 16, 0x6a, ...set(7),
  ...get(6), 0x41, 16, 0x6a, ...set(6),
  0x0c, 0, 0x0b, 0x0b, // continue; end loop, end block
  ...get(5), 0x41, 1, 0x6a, ...set(5),
  0x0c, 0, 0x0b, 0x0b,
  0x0b,
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),
  ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]),
  ...section(3, [1, 0]),
  ...section(7, [1, ...name('affine'), 0x00, 0]),
  ...section(10, [1, ...leb(BODY.length), ...BODY]),
]);

let compiled: object | null | undefined;
function simdModule(): object | null {
  if (compiled === undefined) compiled = wasm?.validate(MODULE) ? new wasm.Module(MODULE) : null;
  return compiled;
}

/** Floats of scratch for x and for y: the widest product a planner runs (4H for H up to 1024). */
const SCRATCH = 4096;

interface Arena {
  readonly f32: Float32Array;
  readonly run: (x: number, w: number, y: number, n: number, out: number) => void;
  /** Float offsets of the x and y scratch. */
  readonly x: number;
  readonly y: number;
}
const arenas = new WeakMap<ArrayBufferLike, Arena>();

/** Allocates views in one wasm memory; `null` from `createWeightArena` means this runtime has no wasm SIMD. */
export interface WeightArena {
  /** A copy of `values` inside the arena (16-byte aligned). */
  place(values: Float32Array): Float32Array;
  /** A zeroed view of `size` floats inside the arena. */
  alloc(size: number): Float32Array;
}

/** An arena for `floats` weights (each placement is rounded up to 4 floats; leave room for that). */
export function createWeightArena(floats: number): WeightArena | null {
  const mod = simdModule();
  if (!mod || !wasm) return null;
  const total = SCRATCH * 2 + floats;
  const memory = new wasm.Memory({ initial: Math.ceil((total * 4) / 65536) });
  const instance = new wasm.Instance(mod, { env: { mem: memory } });
  const run = instance.exports.affine as Arena['run'];
  const f32 = new Float32Array(memory.buffer);
  arenas.set(memory.buffer, { f32, run, x: 0, y: SCRATCH });
  let next = SCRATCH * 2;
  const alloc = (size: number): Float32Array => {
    if (next + size > f32.length) throw new Error(`weight arena full: ${size} more floats do not fit in ${f32.length}`);
    const view = f32.subarray(next, next + size);
    next += Math.ceil(size / 4) * 4;
    return view;
  };
  return {
    alloc,
    place(values) {
      const view = alloc(values.length);
      view.set(values);
      return view;
    },
  };
}

/** Floats an arena needs for these sizes (placements are rounded up to 4 floats). */
export function arenaFloats(sizes: Iterable<number>): number {
  let total = 0;
  for (const s of sizes) total += Math.ceil(s / 4) * 4;
  return total;
}

/**
 * y = x W + b on SIMD when W is an arena view of [x.length, out] with out a
 * multiple of 4; returns false (nothing written) otherwise.
 */
export function affineSimd(x: Float32Array, w: Float32Array, out: number, b: Float32Array | undefined, y: Float32Array): boolean {
  const arena = arenas.get(w.buffer);
  if (!arena || out % 4 !== 0 || out > SCRATCH || x.length > SCRATCH || w.length !== x.length * out) return false;
  const { f32 } = arena;
  f32.set(x, arena.x);
  if (b) f32.set(b.subarray(0, out), arena.y);
  else f32.fill(0, arena.y, arena.y + out);
  arena.run(arena.x * 4, w.byteOffset, arena.y * 4, x.length, out);
  y.set(f32.subarray(arena.y, arena.y + out));
  return true;
}
