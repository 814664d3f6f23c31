import { fillGraphInputs, PAIR_FEATURES, type GraphPrior } from './features.js';
import { affineSimd, arenaFloats, createWeightArena } from './simd-affine.js';
import { CONTEXT_KEY_DIM, LOCATION_FEATURES, type ModelSpec } from './spec.js';

/**
 * The trained network's forward pass in plain JS on Float32Arrays, for
 * planning one instruction at a time: a tfjs op costs tens of microseconds of
 * overhead and greedy decoding would issue hundreds of them, while these
 * loops over a ~1M-parameter model take about a millisecond. Numerically the
 * same as the tfjs layers (tested against them in fast-net.test.ts).
 */

export type WeightMap = ReadonlyMap<string, Float32Array>;

export interface DecodedPlan {
  /** Task indices in emission order (a topological order of the plan). */
  readonly tasks: number[];
  /** Probability of each decoder choice, the END step included. */
  readonly stepProbs: number[];
  /** Edge probabilities, row-major n x n, p[i * n + j] for i -> j. */
  readonly edgeProbs: Float32Array;
  /** Per node, worker-head probabilities over `spec.workers`. */
  readonly workerProbs: Float32Array[];
  /** Task-set head probabilities per catalogue task, or null when the model has no such head. */
  readonly setProbs: Float32Array | null;
}

export interface DecodeOptions {
  /** Longest plan emitted. */
  readonly maxNodes: number;
  /** Emit each task at most once. @default false */
  readonly noRepeat?: boolean;
  /** Beam width (1: greedy). @default 1 */
  readonly beamWidth?: number;
  /**
   * Weight of the task-set head's logits added to the decoder's log
   * probabilities of the tasks before renormalising each step (0: decoder
   * alone). Chosen per checkpoint on a calibration split. @default 0
   */
  readonly setWeight?: number;
}

function need(weights: WeightMap, name: string, size: number): Float32Array {
  const w = weights.get(name);
  if (!w) throw new Error(`weight ${name} missing`);
  if (w.length !== size) throw new Error(`weight ${name} has ${w.length} values, expected ${size}`);
  return w;
}

/** y = x W + b for W [in, out] row-major; skips zero inputs (one-hot and masked rows). */
function affine(x: Float32Array, w: Float32Array, out: number, b?: Float32Array, y = new Float32Array(out)): Float32Array {
  if (affineSimd(x, w, out, b, y)) return y;
  if (b) y.set(b);
  else y.fill(0);
  const n = x.length;
  // Unrolled by four: V8 does not vectorise, and this loop is most of a plan's time.
  const tail = out - (out % 4);
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    if (xi === 0) continue;
    const row = i * out;
    let j = 0;
    for (; j < tail; j += 4) {
      const r = row + j;
      y[j] = (y[j] as number) + xi * (w[r] as number);
      y[j + 1] = (y[j + 1] as number) + xi * (w[r + 1] as number);
      y[j + 2] = (y[j + 2] as number) + xi * (w[r + 2] as number);
      y[j + 3] = (y[j + 3] as number) + xi * (w[r + 3] as number);
    }
    for (; j < out; j++) y[j] = (y[j] as number) + xi * (w[row + j] as number);
  }
  return y;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

function softmaxInPlace(v: Float32Array): Float32Array {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const e = Math.exp((v[i] as number) - max);
    v[i] = e;
    sum += e;
  }
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / sum;
  return v;
}

/**
 * softmax(log p + weight * setLogit) over the classes still open: END keeps
 * its decoder score, and a task already emitted gets no set term (its odds
 * are in the plan already) or, with `noRepeat`, no mass at all. Leaving the
 * emitted tasks' boosted scores in the normaliser would starve every later
 * step (measured: a 3-step plan's last step fell from 0.99 to 0.04).
 */
function withSetPrior(probs: Float32Array, setLogits: Float32Array, weight: number, emitted: readonly number[], noRepeat: boolean): Float32Array {
  const out = new Float32Array(probs.length);
  for (let c = 0; c < probs.length; c++) {
    const done = c > 0 && emitted.includes(c - 1);
    out[c] = done && noRepeat ? -Infinity : Math.log(Math.max(probs[c] as number, 1e-12)) + (c > 0 && !done ? weight * (setLogits[c - 1] as number) : 0);
  }
  return softmaxInPlace(out);
}

/** What `location` attention carries between steps: the previous context, the attention mass before each position, and coverage. */
interface AttentionState {
  readonly context: Float32Array;
  readonly after: Float32Array;
  readonly coverage: Float32Array;
}

/** Element-wise mean of equal-length arrays (the ensemble's average); the array itself for one member; null if any is null. */
function mean(arrays: readonly (Float32Array | null)[]): Float32Array | null {
  if (arrays.length === 1) return arrays[0] ?? null;
  if (arrays.some((a) => a === null)) return null;
  const out = new Float32Array((arrays[0] as Float32Array).length);
  for (const a of arrays as Float32Array[]) for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) + (a[k] as number) / arrays.length;
  return out;
}

function emptyFocus(H: number, n: number): AttentionState {
  return { context: new Float32Array(H), after: new Float32Array(n), coverage: new Float32Array(n) };
}

export class FastPlannerNet {
  private readonly spec: ModelSpec;
  private readonly w: WeightMap;
  private readonly C: number;
  private readonly H: number;
  private readonly E: number;
  /** Per class: its input-embedding projection through the LSTM kernel plus bias, [C, 4H]. */
  private readonly classInput: Float32Array;
  /** Output embeddings (free vector + description mean), [C, H]. */
  private readonly classOut: Float32Array;
  /** The attention kernel transposed, [H, H], so a step's query is one product. */
  private readonly attentionT: Float32Array;
  /** Output embeddings transposed, [H, Cp], and the class bias, [Cp]; Cp is C rounded up to 4 (zero columns), for the SIMD product. */
  private readonly classOutT: Float32Array;
  private readonly classBias: Float32Array;
  private readonly Cp: number;

  /** With `simd` (default) the weights are copied into a wasm arena and products run on WebAssembly SIMD (simd-affine.ts) where the runtime has it. */
  constructor(spec: ModelSpec, weights: WeightMap, descTokens: readonly (readonly number[])[], options: { readonly simd?: boolean } = {}) {
    this.spec = spec;
    this.C = spec.tasks.length + 1;
    this.H = spec.hidden;
    this.E = spec.embedDim;
    const { C, H, E } = this;
    this.Cp = Math.ceil(C / 4) * 4;
    const arena = options.simd === false ? null : createWeightArena(arenaFloats([...[...weights.values()].map((w) => w.length), H * H, H * this.Cp, this.Cp]));
    this.w = arena ? new Map([...weights].map(([k, v]) => [k, arena.place(v)])) : weights;
    this.attentionT = arena ? arena.alloc(H * H) : new Float32Array(H * H);
    this.classOutT = arena ? arena.alloc(H * this.Cp) : new Float32Array(H * this.Cp);
    this.classBias = arena ? arena.alloc(this.Cp) : new Float32Array(this.Cp);
    const taskEmb = this.weight('decoder/task_embeddings', C * E);
    const kernel = this.weight('decoder/kernel', E * 4 * H);
    const bias = this.weight('decoder/bias', 4 * H);
    this.classInput = new Float32Array(C * 4 * H);
    for (let c = 0; c < C; c++) this.classInput.set(affine(taskEmb.subarray(c * E, (c + 1) * E), kernel, 4 * H, bias), c * 4 * H);
    const free = this.weight('decoder/class_embeddings', C * H);
    const desc = this.weight('decoder/desc_embeddings', spec.descVocabSize * H);
    this.classOut = new Float32Array(free);
    this.slots(0);
    descTokens.forEach((ids, c) => {
      if (ids.length === 0) return;
      for (const id of ids) for (let k = 0; k < H; k++) this.classOut[c * H + k] = (this.classOut[c * H + k] as number) + (desc[id * H + k] as number) / ids.length;
    });
    const attention = this.weight('decoder/attention_kernel', H * H);
    for (let r = 0; r < H; r++) for (let k = 0; k < H; k++) this.attentionT[k * H + r] = attention[r * H + k] as number;
    for (let c = 0; c < C; c++) for (let k = 0; k < H; k++) this.classOutT[k * this.Cp + c] = this.classOut[c * H + k] as number;
    this.classBias.set(this.weight('decoder/class_bias', C));
  }

  private weight(name: string, size: number): Float32Array {
    return need(this.w, name, size);
  }

  /**
   * Per subword id, its embedding projected through the three window slots of
   * the encoder kernel, [V, 3H]. Computed once at load (~100M multiply-adds,
   * a few hundred ms) so that encoding an instruction is only additions and tanh.
   */
  private tokenSlots: Float32Array | null = null;

  private slots(id: number): Float32Array {
    const { E, H } = this;
    if (!this.tokenSlots) {
      const V = this.spec.vocabSize;
      const emb = this.weight('encoder/embeddings', V * E);
      const kernel = this.weight('encoder/kernel', 3 * E * H);
      const table = new Float32Array(V * 3 * H);
      for (let v = 0; v < V; v++) {
        const e = emb.subarray(v * E, (v + 1) * E);
        for (let k = 0; k < 3; k++) affine(e, kernel.subarray(k * E * H, (k + 1) * E * H), H, undefined, table.subarray((v * 3 + k) * H, (v * 3 + k + 1) * H));
      }
      this.tokenSlots = table;
    }
    return this.tokenSlots.subarray(id * 3 * H, (id + 1) * 3 * H);
  }

  /** Encoder memory [n, H] and pooled [H] for non-padding token ids. */
  encode(ids: readonly number[]): { memory: Float32Array[]; pooled: Float32Array } {
    const H = this.H;
    const bias = this.weight('encoder/bias', H);
    const n = ids.length;
    const memory: Float32Array[] = [];
    const pooled = new Float32Array(H);
    for (let t = 0; t < n; t++) {
      // Outside the instruction the window sees the padding embedding (row 0), as in training.
      const prev = this.slots(ids[t - 1] ?? 0);
      const self = this.slots(ids[t] as number);
      const next = this.slots(ids[t + 1] ?? 0);
      const h = new Float32Array(H);
      for (let k = 0; k < H; k++) {
        const v = Math.tanh((bias[k] as number) + (prev[k] as number) + (self[H + k] as number) + (next[2 * H + k] as number));
        h[k] = v;
        pooled[k] = (pooled[k] as number) + v / n;
      }
      memory.push(h);
    }
    if (this.spec.contextLayers === 0) return { memory, pooled };
    for (let l = 0; l < this.spec.contextLayers; l++) this.addContext(memory, l);
    pooled.fill(0);
    for (const m of memory) for (let k = 0; k < H; k++) pooled[k] = (pooled[k] as number) + (m[k] as number) / n;
    return { memory, pooled };
  }

  /** One self-attention context layer (InstructionEncoder), in place: m + tanh(softmax(q k^T / sqrt(d)) m Wo + b). */
  private addContext(memory: Float32Array[], l: number): void {
    const H = this.H;
    const D = CONTEXT_KEY_DIM;
    const n = memory.length;
    const wq = this.weight(`encoder/context_${l}_query`, H * D);
    const wk = this.weight(`encoder/context_${l}_key`, H * D);
    const wo = this.weight(`encoder/context_${l}_out`, H * H);
    const bias = this.weight(`encoder/context_${l}_bias`, H);
    const queries = memory.map((m) => affine(m, wq, D));
    const keys = memory.map((m) => affine(m, wk, D));
    const scale = 1 / Math.sqrt(D);
    const scores = new Float64Array(n);
    const mixed = new Float32Array(H);
    const next: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const q = queries[i] as Float32Array;
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        const k = keys[j] as Float32Array;
        let dot = 0;
        for (let d = 0; d < D; d++) dot += (q[d] as number) * (k[d] as number);
        const score = dot * scale;
        scores[j] = score;
        if (score > max) max = score;
      }
      let total = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp((scores[j] as number) - max);
        scores[j] = e;
        total += e;
      }
      mixed.fill(0);
      for (let j = 0; j < n; j++) {
        const w = (scores[j] as number) / total;
        const m = memory[j] as Float32Array;
        for (let k = 0; k < H; k++) mixed[k] = (mixed[k] as number) + w * (m[k] as number);
      }
      const out = affine(mixed, wo, H, bias);
      const m = memory[i] as Float32Array;
      const h = new Float32Array(H);
      for (let k = 0; k < H; k++) h[k] = (m[k] as number) + Math.tanh(out[k] as number);
      next.push(h);
    }
    next.forEach((h, i) => (memory[i] = h));
  }

  /** Task-set head logits [K] from the encoder memory (max and mean pooled), or null without the head. */
  taskSetLogits(memory: readonly Float32Array[], pooled: Float32Array): Float32Array | null {
    const S = this.spec.setHidden;
    if (S <= 0) return null;
    const { H } = this;
    const K = this.spec.tasks.length;
    const features = new Float32Array(2 * H);
    features.fill(-Infinity, 0, H);
    for (const m of memory) for (let k = 0; k < H; k++) if ((m[k] as number) > (features[k] as number)) features[k] = m[k] as number;
    if (memory.length === 0) features.fill(0, 0, H);
    features.set(pooled, H);
    const hidden = affine(features, this.weight('task_set/hidden_kernel', 2 * H * S), S, this.weight('task_set/hidden_bias', S));
    for (let k = 0; k < S; k++) hidden[k] = Math.max(0, hidden[k] as number);
    return affine(hidden, this.weight('task_set/out_kernel', S * K), K, this.weight('task_set/out_bias', K));
  }

  /** One decoder step from state (h, c) after reading class `prev`: new state, step output and class probabilities. */
  private step(
    hIn: Float32Array,
    cIn: Float32Array,
    prev: number,
    memory: readonly Float32Array[],
    focus: AttentionState | null,
  ): { h: Float32Array; c: Float32Array; out: Float32Array; probs: Float32Array; focus: AttentionState | null } {
    const { C, H } = this;
    const z = affine(hIn, this.weight('decoder/recurrent_kernel', H * 4 * H), 4 * H, this.classInput.subarray(prev * 4 * H, (prev + 1) * 4 * H));
    if (focus) {
      const fed = affine(focus.context, this.weight('decoder/feed_kernel', H * 4 * H), 4 * H);
      for (let k = 0; k < 4 * H; k++) z[k] = (z[k] as number) + (fed[k] as number);
    }
    const h = new Float32Array(H);
    const c = new Float32Array(H);
    for (let k = 0; k < H; k++) {
      const ig = sigmoid(z[k] as number);
      const fg = sigmoid(z[H + k] as number);
      const gg = Math.tanh(z[2 * H + k] as number);
      const og = sigmoid(z[3 * H + k] as number);
      c[k] = fg * (cIn[k] as number) + ig * gg;
      h[k] = og * Math.tanh(c[k] as number);
    }
    // score(t) = h . (m_t Wa) = (Wa h) . m_t: one H x H product per step instead of one per token.
    const query = affine(h, this.attentionT, H);
    const n = memory.length;
    const scores = new Float32Array(n);
    for (let t = 0; t < n; t++) {
      let v = 0;
      const key = memory[t] as Float32Array;
      for (let k = 0; k < H; k++) v += (query[k] as number) * (key[k] as number);
      scores[t] = v;
    }
    if (focus) {
      const w = affine(h, this.weight('decoder/location_kernel', H * LOCATION_FEATURES), LOCATION_FEATURES, this.weight('decoder/location_bias', LOCATION_FEATURES));
      for (let t = 0; t < n; t++) scores[t] = (scores[t] as number) + (w[0] as number) * (focus.after[t] as number) + (w[1] as number) * (focus.coverage[t] as number) + ((w[2] as number) * t) / n;
    }
    softmaxInPlace(scores);
    const joint = new Float32Array(2 * H);
    joint.set(h, 0);
    for (let t = 0; t < memory.length; t++) {
      const a = scores[t] as number;
      const m = memory[t] as Float32Array;
      for (let k = 0; k < H; k++) joint[H + k] = (joint[H + k] as number) + a * (m[k] as number);
    }
    const out = affine(joint, this.weight('decoder/output_kernel', 2 * H * H), H, this.weight('decoder/output_bias', H));
    for (let k = 0; k < H; k++) out[k] = Math.tanh(out[k] as number);
    let nextFocus: AttentionState | null = null;
    if (focus) {
      const after = new Float32Array(n);
      const coverage = new Float32Array(focus.coverage);
      let before = 0;
      for (let t = 0; t < n; t++) {
        after[t] = before;
        before += scores[t] as number;
        coverage[t] = (coverage[t] as number) + (scores[t] as number);
      }
      nextFocus = { context: joint.slice(H), after, coverage };
    }
    const probs = affine(out, this.classOutT, this.Cp, this.classBias).slice(0, C);
    return { h, c, out, probs: softmaxInPlace(probs), focus: nextFocus };
  }

  /**
   * Decodes tasks until END (never END first) or `maxNodes` with a beam of
   * `beamWidth` (1: greedy), ranking finished sequences by mean log
   * probability (the log of the plan's confidence); then scores edges with the
   * GNN and the worker head. With `noRepeat` a task is emitted at most once
   * (repeats are 0.2% of HF and 1.2% of UltraTool samples, while a looping
   * decoder repeats far more often). With `setWeight` > 0 each step's task
   * scores add that multiple of the task-set head's logits: a product of the
   * two models in which emitting task k multiplies the plan's odds by the
   * set head's odds for k, so tasks the head is sure of are not dropped by an
   * early END and tasks it rules out are not emitted.
   */
  decode(ids: readonly number[], prior: GraphPrior, options: DecodeOptions): DecodedPlan {
    return FastPlannerNet.decodeEnsemble([this], ids, prior, options);
  }

  /**
   * `decode` with several networks trained on the same data, tokenizer and
   * catalogue (an ensemble): each step's class probabilities, the task-set
   * logits, the edge and the worker probabilities are the members' means.
   * Each member keeps its own decoder state along every beam.
   */
  static decodeEnsemble(nets: readonly FastPlannerNet[], ids: readonly number[], prior: GraphPrior, options: DecodeOptions): DecodedPlan {
    const first = nets[0];
    if (!first) throw new Error('decodeEnsemble needs at least one network');
    const { C } = first;
    const { maxNodes, noRepeat = false, beamWidth = 1, setWeight = 0 } = options;
    interface MemberState {
      h: Float32Array;
      c: Float32Array;
      focus: AttentionState | null;
      states: Float32Array[];
    }
    interface Beam {
      members: MemberState[];
      prev: number;
      tasks: number[];
      stepProbs: number[];
      logp: number;
      done: boolean;
    }
    const encoded = nets.map((net) => ({ net, ...net.encode(ids) }));
    const setLogits = mean(encoded.map(({ net, memory, pooled }) => net.taskSetLogits(memory, pooled)));
    const start: Beam = {
      members: encoded.map(({ net, memory, pooled }) => {
        const H = net.H;
        const init = affine(pooled, net.weight('decoder/init_kernel', H * 2 * H), 2 * H, net.weight('decoder/init_bias', 2 * H));
        const h = new Float32Array(H);
        const c = new Float32Array(H);
        for (let k = 0; k < H; k++) {
          h[k] = Math.tanh(init[k] as number);
          c[k] = Math.tanh(init[H + k] as number);
        }
        return { h, c, focus: net.spec.attention === 'location' ? emptyFocus(H, memory.length) : null, states: [] };
      }),
      prev: 0,
      tasks: [],
      stepProbs: [],
      logp: 0,
      done: false,
    };
    const rank = (b: Beam): number => b.logp / Math.max(1, b.stepProbs.length);
    let beams: Beam[] = [start];
    for (let stepIndex = 0; stepIndex <= maxNodes && beams.some((b) => !b.done); stepIndex++) {
      const next: Beam[] = [];
      for (const beam of beams) {
        if (beam.done) {
          next.push(beam);
          continue;
        }
        const stepped = encoded.map(({ net, memory }, m) => {
          const state = beam.members[m] as MemberState;
          return net.step(state.h, state.c, beam.prev, memory, state.focus);
        });
        const decoderProbs = mean(stepped.map((r) => r.probs)) as Float32Array;
        const probs = setLogits && setWeight > 0 ? withSetPrior(decoderProbs, setLogits, setWeight, beam.tasks, noRepeat) : decoderProbs;
        const members = stepped.map((r, m) => {
          const before = (beam.members[m] as MemberState).states;
          return { h: r.h, c: r.c, focus: r.focus, states: stepIndex > 0 ? [...before, r.out] : before };
        });
        if (stepIndex === maxNodes) {
          // As long as allowed: this step's output was only needed for the last node's state.
          next.push({ ...beam, members, done: true });
          continue;
        }
        const allowed: number[] = [];
        for (let cls = stepIndex === 0 ? 1 : 0; cls < C; cls++) if (!(noRepeat && cls > 0 && beam.tasks.includes(cls - 1))) allowed.push(cls);
        if (allowed.length === 0) allowed.push(0);
        allowed.sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
        for (const cls of allowed.slice(0, beamWidth)) {
          const p = probs[cls] as number;
          next.push({
            members,
            prev: cls,
            tasks: cls === 0 ? beam.tasks : [...beam.tasks, cls - 1],
            stepProbs: [...beam.stepProbs, p],
            logp: beam.logp + Math.log(Math.max(p, 1e-12)),
            done: cls === 0,
          });
        }
      }
      beams = next.sort((a, b) => rank(b) - rank(a)).slice(0, beamWidth);
    }
    const best = beams.sort((a, b) => rank(b) - rank(a))[0] as Beam;
    const nodes = nets.map((net, m) => net.gnn(best.tasks, (best.members[m] as MemberState).states, prior));
    const edgeProbs = mean(nets.map((net, m) => net.edges(best.tasks, nodes[m] as Float32Array[], prior))) as Float32Array;
    const perMember = nets.map((net, m) => net.workers(nodes[m] as Float32Array[]));
    const workerProbs = best.tasks.map((_, i) => mean(perMember.map((w) => w[i] as Float32Array)) as Float32Array);
    return { tasks: best.tasks, stepProbs: best.stepProbs, edgeProbs, workerProbs, setProbs: setLogits ? setLogits.map(sigmoid) : null };
  }

  /** Runs the GNN layers over node states (one per task). */
  gnn(tasks: readonly number[], states: readonly Float32Array[], prior: GraphPrior): Float32Array[] {
    const n = tasks.length;
    const H = this.H;
    const adj = new Float32Array(n * n);
    fillGraphInputs(tasks, prior, n, adj, new Float32Array(n * n * PAIR_FEATURES));
    let x: Float32Array[] = states.slice(0, n).map((s) => new Float32Array(s));
    for (let layer = 0; layer < this.spec.gnnLayers; layer++) {
      const name = `gnn_${layer}`;
      const self = this.weight(`${name}/self_kernel`, H * H);
      const bias = this.weight(`${name}/bias`, H);
      let next: Float32Array[];
      if (this.spec.gnn === 'sage') {
        const inK = this.weight(`${name}/in_kernel`, H * H);
        const outK = this.weight(`${name}/out_kernel`, H * H);
        next = x.map((xi, i) => {
          const outAgg = new Float32Array(H);
          const inAgg = new Float32Array(H);
          let outDeg = 0;
          let inDeg = 0;
          for (let j = 0; j < n; j++) {
            if (adj[i * n + j]) {
              outDeg++;
              const xj = x[j] as Float32Array;
              for (let k = 0; k < H; k++) outAgg[k] = (outAgg[k] as number) + (xj[k] as number);
            }
            if (adj[j * n + i]) {
              inDeg++;
              const xj = x[j] as Float32Array;
              for (let k = 0; k < H; k++) inAgg[k] = (inAgg[k] as number) + (xj[k] as number);
            }
          }
          for (let k = 0; k < H; k++) {
            outAgg[k] = (outAgg[k] as number) / Math.max(outDeg, 1);
            inAgg[k] = (inAgg[k] as number) / Math.max(inDeg, 1);
          }
          const y = affine(xi, self, H, bias);
          const a = affine(inAgg, inK, H);
          const b = affine(outAgg, outK, H);
          for (let k = 0; k < H; k++) y[k] = (y[k] as number) + (a[k] as number) + (b[k] as number);
          return y;
        });
      } else {
        const sym = (i: number, j: number): number => (i === j || adj[i * n + j] || adj[j * n + i] ? 1 : 0);
        const wx = x.map((xi) => affine(xi, self, H));
        let weights: (i: number, j: number) => number;
        if (this.spec.gnn === 'gcn') {
          const deg = x.map((_, i) => {
            let d = 0;
            for (let j = 0; j < n; j++) d += sym(i, j);
            return 1 / Math.sqrt(Math.max(d, 1));
          });
          weights = (i, j) => sym(i, j) * (deg[i] as number) * (deg[j] as number);
        } else {
          const as = this.weight(`${name}/attn_source`, H);
          const at = this.weight(`${name}/attn_target`, H);
          const dot = (v: Float32Array, u: Float32Array): number => {
            let s = 0;
            for (let k = 0; k < H; k++) s += (v[k] as number) * (u[k] as number);
            return s;
          };
          const src = wx.map((v) => dot(v, as));
          const dst = wx.map((v) => dot(v, at));
          const alpha = new Float32Array(n * n);
          for (let i = 0; i < n; i++) {
            const row = new Float32Array(n);
            for (let j = 0; j < n; j++) {
              const e = (src[i] as number) + (dst[j] as number);
              row[j] = sym(i, j) ? (e > 0 ? e : 0.2 * e) : -1e9;
            }
            alpha.set(softmaxInPlace(row), i * n);
          }
          weights = (i, j) => alpha[i * n + j] as number;
        }
        next = x.map((_, i) => {
          const y = new Float32Array(bias);
          for (let j = 0; j < n; j++) {
            const a = weights(i, j);
            if (a === 0) continue;
            const v = wx[j] as Float32Array;
            for (let k = 0; k < H; k++) y[k] = (y[k] as number) + a * (v[k] as number);
          }
          return y;
        });
      }
      x = next.map((y, i) => {
        const xi = x[i] as Float32Array;
        for (let k = 0; k < H; k++) y[k] = Math.max(0, y[k] as number) + (xi[k] as number);
        return y;
      });
    }
    return x;
  }

  /** Edge probabilities p[i * n + j] of i -> j, for all ordered pairs. */
  edges(tasks: readonly number[], nodes: readonly Float32Array[], prior: GraphPrior): Float32Array {
    const n = tasks.length;
    const H = this.H;
    const U = this.spec.edgeUnits;
    const F = PAIR_FEATURES;
    const pairs = new Float32Array(n * n * F);
    fillGraphInputs(tasks, prior, n, new Float32Array(n * n), pairs);
    const src = nodes.map((x) => affine(x, this.weight('edges/source_kernel', H * U), U, this.weight('edges/bias', U)));
    const dst = nodes.map((x) => affine(x, this.weight('edges/target_kernel', H * U), U));
    const pairK = this.weight('edges/pair_kernel', F * U);
    const outK = this.weight('edges/out_kernel', U);
    const outB = this.weight('edges/out_bias', 1)[0] as number;
    const probs = new Float32Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const pf = affine(pairs.subarray((i * n + j) * F, (i * n + j + 1) * F), pairK, U);
        const si = src[i] as Float32Array;
        const dj = dst[j] as Float32Array;
        let s = outB;
        for (let k = 0; k < U; k++) s += Math.tanh((si[k] as number) + (dj[k] as number) + (pf[k] as number)) * (outK[k] as number);
        probs[i * n + j] = sigmoid(s);
      }
    return probs;
  }

  workers(nodes: readonly Float32Array[]): Float32Array[] {
    const W = this.spec.workers.length;
    const kernel = this.weight('workers/kernel', this.H * W);
    const bias = this.weight('workers/bias', W);
    return nodes.map((x) => softmaxInPlace(affine(x, kernel, W, bias)));
  }
}
