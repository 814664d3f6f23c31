import type { UserState } from '../../config/user-state.js';

export function memoryUserState(history: string[] = []): UserState & { readonly saved: string[] } {
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
