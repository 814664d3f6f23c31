/**
 * Ready nodes waiting for a slot, one FIFO per concurrency bucket (a provider
 * with its own limit, or the shared bucket of unlimited providers), plus the
 * global limit. A full provider never blocks nodes of other providers.
 *
 * Hand-written rather than p-limit: p-limit allocates a promise and a queue
 * entry per task and knows one limit, while a node here needs a global and a
 * provider slot at once; counters and index arrays keep the scheduler O(1)
 * per start (O(buckets), and buckets are providers: a handful).
 */
export class ReadyQueues {
  private readonly queues: number[][];
  private readonly heads: number[];
  private readonly running: number[];
  private readonly limits: readonly number[];
  /** Enqueue order per node, so the oldest ready node across buckets goes first. */
  private readonly seq: Float64Array;
  private nextSeq = 0;
  private globalRunning = 0;

  constructor(bucketLimits: readonly number[], private readonly globalLimit: number, nodeCount: number) {
    this.limits = bucketLimits;
    this.queues = bucketLimits.map(() => []);
    this.heads = bucketLimits.map(() => 0);
    this.running = bucketLimits.map(() => 0);
    this.seq = new Float64Array(nodeCount);
  }

  get runningCount(): number {
    return this.globalRunning;
  }

  push(node: number, bucket: number): void {
    this.seq[node] = this.nextSeq++;
    (this.queues[bucket] as number[]).push(node);
  }

  /** Bucket of the node last returned by take(); a field rather than a returned pair to keep the hot path allocation-free. */
  takenBucket = -1;

  /** Takes the oldest node whose bucket has a free slot and occupies its slots; -1 when none can start. */
  take(): number {
    if (this.globalRunning >= this.globalLimit) return -1;
    let best = -1;
    let bestSeq = Infinity;
    for (let b = 0; b < this.queues.length; b++) {
      const q = this.queues[b] as number[];
      const h = this.heads[b] as number;
      if (h < q.length && (this.running[b] as number) < (this.limits[b] as number)) {
        const s = this.seq[q[h] as number] as number;
        if (s < bestSeq) {
          bestSeq = s;
          best = b;
        }
      }
    }
    if (best < 0) return -1;
    this.takenBucket = best;
    return this.shift(best);
  }

  release(bucket: number): void {
    this.globalRunning--;
    this.running[bucket]!--;
  }

  private shift(b: number): number {
    const q = this.queues[b] as number[];
    const h = this.heads[b] as number;
    const node = q[h] as number;
    this.globalRunning++;
    this.running[b]!++;
    // Reading through a head index keeps shift O(1); drop the consumed prefix once it dominates.
    if (h + 1 === q.length) {
      q.length = 0;
      this.heads[b] = 0;
    } else if (h >= 1024 && h * 2 >= q.length) {
      q.splice(0, h + 1);
      this.heads[b] = 0;
    } else {
      this.heads[b] = h + 1;
    }
    return node;
  }
}
