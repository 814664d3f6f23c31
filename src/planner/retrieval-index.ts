/**
 * A TF-IDF index over short texts with cosine nearest-neighbour search.
 * Documents are stored as an inverted index (term -> postings of document and
 * weight) with L2-normalised weights, so a query costs only the postings of
 * its own terms and the cosine is a plain dot product.
 */

const TOKEN_RE = /[a-z0-9]+/g;

/** Lower-cased alphanumeric words; file extensions stay separate tokens ("example.jpg" -> example, jpg), a strong task cue. */
export function tfidfTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN_RE) ?? [];
}

export interface Neighbour {
  readonly index: number;
  readonly score: number;
}

export class TfidfIndex {
  readonly size: number;
  private readonly idf = new Map<string, number>();
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();

  constructor(texts: readonly string[]) {
    this.size = texts.length;
    const docs = texts.map(termCounts);
    const df = new Map<string, number>();
    for (const counts of docs) for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    // Smoothed idf as in scikit-learn, so a term in every document still weighs a little.
    for (const [term, n] of df) this.idf.set(term, Math.log((1 + this.size) / (1 + n)) + 1);
    docs.forEach((counts, doc) => {
      const weights = this.weigh(counts);
      for (const [term, weight] of weights) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc, weight });
        this.postings.set(term, list);
      }
    });
  }

  /** Sublinear tf times idf, L2-normalised; unknown terms are dropped. */
  private weigh(counts: ReadonlyMap<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const idf = this.idf.get(term);
      if (idf === undefined) continue;
      const w = (1 + Math.log(count)) * idf;
      out.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, w] of out) out.set(term, w / norm);
    return out;
  }

  /** The `k` most similar documents by cosine, best first; ties go to the earlier document. Only positive scores. */
  search(query: string, k = 1): Neighbour[] {
    // A dense accumulator is cheaper than a Map for a few thousand documents.
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    for (const [term, qw] of this.weigh(termCounts(query))) {
      for (const { doc, weight } of this.postings.get(term) ?? []) {
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = (scores[doc] ?? 0) + qw * weight;
      }
    }
    const ranked = touched.map((index) => ({ index, score: Math.min(1, scores[index] ?? 0) })).filter((n) => n.score > 0);
    ranked.sort((a, b) => b.score - a.score || a.index - b.index);
    return ranked.slice(0, Math.max(0, k));
  }
}

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tfidfTokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
