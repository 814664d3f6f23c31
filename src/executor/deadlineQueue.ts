/**
 * Per-attempt timeouts with a single timer. All attempts of a run share one
 * timeout, so deadlines come due in the order attempts started: a FIFO holds
 * them and one timer is armed for the oldest. Attempts that ended are not
 * removed; they are dropped when they reach the front (`isLive` says no).
 * This replaces a setTimeout + clearTimeout per attempt, which cost more
 * than the rest of the scheduler together for instant workers.
 *
 * Time is read from `performance.now()`, the clock timers follow (and the one
 * fake timers fake), never from an injected clock that might stand still.
 */
export class DeadlineQueue {
  private readonly nodes: number[] = [];
  private readonly tokens: number[] = [];
  private readonly dueAt: number[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firing = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly isLive: (node: number, token: number) => boolean,
    private readonly onExpire: (node: number, token: number) => void,
  ) {}

  add(node: number, token: number): void {
    const due = performance.now() + this.timeoutMs;
    this.nodes.push(node);
    this.tokens.push(token);
    this.dueAt.push(due);
    if (this.timer === undefined && !this.firing) this.arm(due);
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.firing = false;
    this.nodes.length = this.tokens.length = this.dueAt.length = this.head = 0;
  }

  private arm(due: number): void {
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(due - performance.now())));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.firing = true;
    const now = performance.now();
    while (this.head < this.nodes.length) {
      const h = this.head;
      const node = this.nodes[h] as number;
      const token = this.tokens[h] as number;
      if (this.isLive(node, token)) {
        if ((this.dueAt[h] as number) > now) break;
        this.head++;
        // May start new attempts (and add deadlines) or cancel the run (and clear).
        this.onExpire(node, token);
      } else {
        this.head++;
      }
    }
    this.firing = false;
    this.compact();
    if (this.head < this.nodes.length) this.arm(this.dueAt[this.head] as number);
  };

  private compact(): void {
    if (this.head === this.nodes.length) {
      this.nodes.length = this.tokens.length = this.dueAt.length = this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.nodes.length) {
      this.nodes.splice(0, this.head);
      this.tokens.splice(0, this.head);
      this.dueAt.splice(0, this.head);
      this.head = 0;
    }
  }
}
