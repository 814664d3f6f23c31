/** Up/Down through past lines, keeping the line being typed as a draft to come back to. */

export interface HistoryNav {
  readonly entries: readonly string[];
  /** entries.length means "the draft", not a history entry. */
  readonly index: number;
  readonly draft: string;
}

export function historyNav(entries: readonly string[]): HistoryNav {
  return { entries, index: entries.length, draft: '' };
}

export function historyUp(nav: HistoryNav, current: string): { nav: HistoryNav; text: string } {
  if (nav.index === 0 || nav.entries.length === 0) return { nav, text: current };
  const draft = nav.index === nav.entries.length ? current : nav.draft;
  const index = nav.index - 1;
  return { nav: { ...nav, index, draft }, text: nav.entries[index] ?? '' };
}

export function historyDown(nav: HistoryNav, current: string): { nav: HistoryNav; text: string } {
  if (nav.index >= nav.entries.length) return { nav, text: current };
  const index = nav.index + 1;
  const text = index === nav.entries.length ? nav.draft : (nav.entries[index] ?? '');
  return { nav: { ...nav, index }, text };
}

/** After a submit: the new line joins the entries (deduplicated like UserState does) and navigation restarts. */
export function historyPush(nav: HistoryNav, line: string): HistoryNav {
  const trimmed = line.trim();
  const entries = trimmed ? [...nav.entries.filter((e) => e !== trimmed), trimmed] : [...nav.entries];
  return historyNav(entries);
}
