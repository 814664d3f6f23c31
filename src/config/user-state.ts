import Conf from 'conf';

/** Per-user state that outlives a session: REPL history and the last domain used. */
export interface UserState {
  history(): string[];
  pushHistory(line: string): void;
  lastDomain(): string | undefined;
  setLastDomain(domain: string): void;
}

const HISTORY_LIMIT = 500;

interface StoreShape {
  history: string[];
  lastDomain?: string;
}

/**
 * `ORCHESTAI_STATE_DIR` overrides where the state lives (tests, sandboxes);
 * otherwise conf picks the platform's config directory.
 */
export function createUserState(env: NodeJS.ProcessEnv = process.env): UserState {
  let store: Conf<StoreShape> | null = null;
  let memory: StoreShape = { history: [] };
  try {
    store = new Conf<StoreShape>({
      projectName: 'orchestai',
      projectSuffix: '',
      ...(env.ORCHESTAI_STATE_DIR ? { cwd: env.ORCHESTAI_STATE_DIR } : {}),
      defaults: { history: [] },
    });
  } catch {
    // An unwritable home (read-only container) must not stop the REPL: keep state in memory.
    store = null;
  }
  const read = (): StoreShape => {
    if (!store) return memory;
    try {
      return { history: store.get('history', []), lastDomain: store.get('lastDomain') };
    } catch {
      return memory;
    }
  };
  const write = (next: StoreShape): void => {
    memory = next;
    try {
      if (store) store.store = next;
    } catch {
      store = null;
    }
  };
  return {
    history: () => [...read().history],
    pushHistory(line) {
      const trimmed = line.trim();
      if (!trimmed) return;
      const current = read();
      const history = current.history.filter((h) => h !== trimmed);
      history.push(trimmed);
      write({ ...current, history: history.slice(-HISTORY_LIMIT) });
    },
    lastDomain: () => read().lastDomain,
    setLastDomain(domain) {
      write({ ...read(), lastDomain: domain });
    },
  };
}

/** State kept in memory only: the plain line session (scripts must not rewrite a person's history) and tests. */
export function memoryUserState(history: readonly string[] = []): UserState & { readonly saved: string[] } {
  const saved = [...history];
  let domain: string | undefined;
  return {
    saved,
    history: () => [...saved],
    pushHistory(line) {
      const t = line.trim();
      if (!t) return;
      const i = saved.indexOf(t);
      if (i >= 0) saved.splice(i, 1);
      saved.push(t);
    },
    lastDomain: () => domain,
    setLastDomain(d) {
      domain = d;
    },
  };
}
