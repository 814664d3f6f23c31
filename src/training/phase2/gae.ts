/**
 * Generalised advantage estimation (Schulman et al. 2016) over a flat buffer
 * of steps from several episodes laid end to end.
 */
export interface GaeInput {
  readonly rewards: ArrayLike<number>;
  /** V(s_t) for every step. */
  readonly values: ArrayLike<number>;
  /** True on the last step of an episode: nothing is bootstrapped past it. */
  readonly dones: ArrayLike<boolean>;
  /** V(s_{T}) after the last step when the buffer ends mid-episode; 0 otherwise. */
  readonly lastValue?: number;
  readonly gamma: number;
  readonly lambda: number;
}

export interface GaeOutput {
  readonly advantages: Float64Array;
  /** Advantage + value: the value head's regression target. */
  readonly returns: Float64Array;
}

export function computeGae(input: GaeInput): GaeOutput {
  const n = input.rewards.length;
  if (input.values.length !== n || input.dones.length !== n) {
    throw new TypeError(`computeGae: rewards, values and dones must have the same length (${n}, ${input.values.length}, ${input.dones.length})`);
  }
  const advantages = new Float64Array(n);
  const returns = new Float64Array(n);
  let next = 0;
  let nextValue = input.lastValue ?? 0;
  for (let t = n - 1; t >= 0; t--) {
    const notDone = input.dones[t] ? 0 : 1;
    const v = input.values[t] ?? 0;
    const delta = (input.rewards[t] ?? 0) + input.gamma * nextValue * notDone - v;
    next = delta + input.gamma * input.lambda * notDone * next;
    advantages[t] = next;
    returns[t] = next + v;
    nextValue = v;
  }
  return { advantages, returns };
}

/** Zero mean, unit variance; a constant batch becomes all zeros. */
export function normalize(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] ?? 0;
  mean /= n;
  let varSum = 0;
  for (let i = 0; i < n; i++) varSum += ((values[i] ?? 0) - mean) ** 2;
  const std = Math.sqrt(varSum / n);
  for (let i = 0; i < n; i++) out[i] = ((values[i] ?? 0) - mean) / (std + 1e-8);
  return out;
}
