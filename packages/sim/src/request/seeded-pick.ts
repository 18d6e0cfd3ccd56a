/**
 * Deterministic choices (DESIGN.md principle 6): every random-looking decision of the simulator
 * (which endpoint, which gateway member) is a function of the caller's seed and a key naming the
 * decision, through the same hash the router uses for weighted routes (`routing/seeded-pick.ts`).
 */
import { continueHash, finishHash, pickIndexByWeight, startHash } from "../routing/seeded-pick";

/** The index a fraction falls on when entries split [0, 1) in proportion to their shares (-1: all 0). */
function shareIndex(entries: readonly { readonly share: number }[], fraction: number): number {
  return pickIndexByWeight(entries.length, (i) => entries[i]!.share, fraction);
}

function uniformIndex(count: number, fraction: number): number {
  return pickIndexByWeight(count, () => 1, fraction);
}

/**
 * The picks of one request: every key is `<workload>|<target>|<requestKey>|<suffix>`, the same
 * fractions as `seededFraction(seed, key)`. The common start is hashed once per request, and no key
 * string is built (a request makes several picks, and each key would be built and read in full).
 */
export class RequestPicks {
  private readonly state: number;

  constructor(seed: number, workloadId: string, targetText: string, requestKey: string) {
    let state = continueHash(startHash(seed), workloadId);
    state = continueHash(continueHash(continueHash(state, "|"), targetText), "|");
    this.state = continueHash(continueHash(state, requestKey), "|");
  }

  /** The fraction of key `<start>|<suffix>` (or `<start>|<suffix>|<detail>`). */
  fraction(suffix: string, detail?: string): number {
    let state = continueHash(this.state, suffix);
    if (detail !== undefined) state = continueHash(continueHash(state, "|"), detail);
    return finishHash(state) / 4294967296;
  }

  /** `seededShare` with this request's key for `suffix` (and `detail`). */
  share(entries: readonly { readonly share: number }[], suffix: string, detail?: string): number {
    return shareIndex(entries, this.fraction(suffix, detail));
  }

  /** `seededUniformIndex` with this request's key for `suffix` (and `detail`). */
  uniform(count: number, suffix: string, detail?: string): number {
    return uniformIndex(count, this.fraction(suffix, detail));
  }
}
