/**
 * Kernel benchmark for the wasm backend: times the products a Phase 1 step
 * runs (matMul with and without transposed operands, as its gradients use
 * them), a max-pool gradient, and a whole Phase 1 training step of the
 * UltraTool-sized planner, once with wasm's stock BatchMatMul and tfjs's max
 * gradient and once with ours (src/training/wasm-batch-matmul.ts,
 * layers/common.ts maxOverAxis1). Each mode runs in its own process because
 * kernels are registered per process.
 *
 * Then planning (inference, plain JS): a [128] x [128, 512] product and a
 * whole beam-2 plan with the shipped HF checkpoint, in V8's scalar loops and
 * on the WebAssembly SIMD kernel (src/planner/learned/simd-affine.ts).
 *
 *   npm run bench:kernels
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { PAIR_FEATURES } from '../src/planner/learned/features.js';
import { maxOverAxis1 } from '../src/planner/learned/layers/common.js';
import { buildPlannerModel, plannerForward } from '../src/planner/learned/model.js';
import { initBackend } from '../src/training/backend.js';
import { join } from 'node:path';
import { packageRoot } from '../src/config/load.js';
import { loadDomainSamples } from '../src/data/import-taskbench.js';
import { readCheckpoint } from '../src/planner/learned/checkpoint.js';
import { FastPlannerNet } from '../src/planner/learned/fast-net.js';
import { affineSimd, createWeightArena } from '../src/planner/learned/simd-affine.js';
import { PAD_ID } from '../src/planner/learned/tokenizer.js';

type Timings = Record<string, number>;

function msPer(f: () => tf.Tensor | tf.Tensor[], reps = 10): number {
  const run = (): void => {
    const out = f();
    for (const t of Array.isArray(out) ? out : [out]) {
      t.dataSync();
      t.dispose();
    }
  };
  for (let i = 0; i < 3; i++) run();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) run();
  return (performance.now() - t0) / reps;
}

async function measure(stock: boolean): Promise<Timings> {
  await initBackend({ prefer: 'wasm', stockMatMul: stock });
  const out: Timings = {};
  const a = tf.randomNormal([1536, 128]);
  const w = tf.randomNormal([128, 128]);
  out['matMul [1536,128] x [128,128]'] = msPer(() => tf.matMul(a, w));
  out['matMul [1536,128] x [128,128]^T'] = msPer(() => tf.matMul(a, w, false, true));
  out['matMul [1536,128]^T x [1536,128]'] = msPer(() => tf.matMul(a, a, true, false));
  const x = tf.randomNormal([32, 48, 128]);
  const maxGrad = stock ? tf.grad((v: tf.Tensor) => tf.sum(tf.max(v, 1))) : tf.grad((v: tf.Tensor) => tf.sum(maxOverAxis1(v)));
  out['max-pool gradient [32,48,128]'] = msPer(() => maxGrad(x));

  const K = 260;
  for (const attention of ['content', 'location'] as const) {
    const spec = {
      vocabSize: 4000, descVocabSize: 800, maxTokens: 96, embedDim: 64, hidden: 128, edgeUnits: 64, gnn: 'sage' as const, gnnLayers: 2, maxNodes: 8,
      tasks: Array.from({ length: K }, (_, i) => `t${i}`), workers: ['a', 'b'], pairFeatures: PAIR_FEATURES, dropout: 0.5, setHidden: 128, attention, contextLayers: 0, seed: 1,
    };
    const desc = Array.from({ length: K + 1 }, (_, i) => (i ? [i % 800, (i * 7) % 800] : []));
    const { layers, model } = buildPlannerModel(spec, desc);
    const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const optimizer = tf.train.adam(1e-3);
    const B = 32;
    const N = 8;
    const T = 48;
    const inputs = [tf.randomUniform([B, T], 1, 3999, 'int32'), tf.randomUniform([B, N + 1], 0, K, 'int32'), tf.zeros([B, N, N]), tf.zeros([B, N, N, PAIR_FEATURES]), tf.ones([B, N])];
    let step = 0;
    out[`Phase 1 training step, ${attention} attention`] = msPer(() => {
      const loss = optimizer.minimize(() => tf.addN(plannerForward(layers, inputs, true, step++).map((o) => tf.mean(o))) as tf.Scalar, true, vars);
      return loss ?? tf.scalar(0);
    }, 8);
  }
  return out;
}

const mode = process.argv[2];
if (mode === '--child-stock' || mode === '--child-fast') {
  process.stdout.write(JSON.stringify(await measure(mode === '--child-stock')));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (flag: string): Timings => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', self, flag], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench:kernels ${flag} failed: ${child.stderr}`);
    return JSON.parse(child.stdout.slice(child.stdout.indexOf('{'))) as Timings;
  };
  const stock = run('--child-stock');
  const fast = run('--child-fast');
  console.log('wasm backend, ms per call (mean of repeated runs after warm-up)\n');
  console.log(`${'operation'.padEnd(46)}${'stock'.padStart(10)}${'ours'.padStart(10)}${'speed-up'.padStart(10)}`);
  for (const [name, s] of Object.entries(stock)) {
    const f = fast[name] ?? NaN;
    console.log(`${name.padEnd(46)}${s.toFixed(2).padStart(10)}${f.toFixed(2).padStart(10)}${`${(s / f).toFixed(1)}x`.padStart(10)}`);
  }
}

/** Median ms of `f` over `reps` calls after `warm` warm-up calls. */
function medianMs(f: () => void, reps: number, warm = 200): number {
  for (let i = 0; i < warm; i++) f();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)] as number;
}

if (!mode) {
  console.log('\nplanning (plain JS inference), median ms per call\n');
  console.log(`${'operation'.padEnd(46)}${'scalar'.padStart(10)}${'simd'.padStart(10)}${'speed-up'.padStart(10)}`);
  const arena = createWeightArena(128 * 512);
  const x = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i));
  const w = Float32Array.from({ length: 128 * 512 }, (_, i) => Math.cos(i));
  const wArena = arena ? arena.place(w) : w;
  const y = new Float32Array(512);
  const scalar = medianMs(() => {
    y.fill(0);
    for (let i = 0; i < 128; i++) for (let j = 0; j < 512; j++) y[j] = (y[j] as number) + (x[i] as number) * (w[i * 512 + j] as number);
  }, 2000);
  const simd = medianMs(() => void affineSimd(x, wArena, 512, undefined, y), 2000);
  console.log(`${'affine [128] x [128, 512] (plain loop)'.padEnd(46)}${scalar.toFixed(4).padStart(10)}${simd.toFixed(4).padStart(10)}${`${(scalar / simd).toFixed(1)}x`.padStart(10)}`);
  const ck = readCheckpoint(join(packageRoot, 'checkpoints', 'huggingface'), 'huggingface');
  const instructions = loadDomainSamples(join(packageRoot, 'data'), 'huggingface').samples.filter((s) => s.type === 'chain').slice(0, 200);
  const ids = instructions.map((s) => Array.from(ck.tokenizer.encodePadded(s.instruction, ck.manifest.spec.maxTokens)).filter((id) => id !== PAD_ID));
  const planMs = (simdOn: boolean): number => {
    const nets = ck.members.map((m) => new FastPlannerNet(ck.manifest.spec, m, ck.manifest.descTokens, { simd: simdOn }));
    let k = 0;
    return medianMs(() => void FastPlannerNet.decodeEnsemble(nets, ids[k++ % ids.length] as number[], ck.prior, { maxNodes: 10, noRepeat: true, beamWidth: 2 }), 1000);
  };
  const [planScalar, planSimd] = [planMs(false), planMs(true)];
  console.log(`${`HF plan, beam 2, ${ck.manifest.members} network(s), chain instructions`.padEnd(46)}${planScalar.toFixed(2).padStart(10)}${planSimd.toFixed(2).padStart(10)}${`${(planScalar / planSimd).toFixed(1)}x`.padStart(10)}`);
}
