/**
 * Deterministic choices (DESIGN.md principle 6): every random-looking decision of the simulator
 * (which endpoint, which gateway member) is a function of the caller's seed and a key naming the
 * decision, through the same hash the router uses for weighted routes (`routing/seeded-pick.ts`).
 */
import { continueHash, startHash } from "@meshwright/core";
import { fractionOf, pickIndexByWeight } from "../routing/seeded-pick";

/**
 * The picks of one request: every key is `<workload>|<target>|<requestKey>|<suffix>`, the same
 * fractions as `seededFraction(seed, key)`. The common start is hashed once per request, and no key
 * string is built (a request makes several picks, and each key would be built and read in full).
 */
export class RequestPicks {
  private readonly state: number;

  constructor(seed: number, workloadId: string, targetText: string, requestKey: string) {
    let state = startHash(seed);
    state = continueHash(continueHash(state, workloadId), "|");
    state = continueHash(continueHash(state, targetText), "|");
    this.state = continueHash(continueHash(state, requestKey), "|");
  }

  /** The fraction of key `<start>|<suffix>` (or `<start>|<suffix>|<detail>`). */
  fraction(suffix: string, detail?: string): number {
    let state = continueHash(this.state, suffix);
    if (detail !== undefined) state = continueHash(continueHash(state, "|"), detail);
    return fractionOf(state);
  }

  /**
   * The index of the entry the fraction for `suffix` (and `detail`) falls on when the entries split
   * [0, 1) in proportion to their shares; -1 when every share is 0.
   */
  share(entries: readonly { readonly share: number }[], suffix: string, detail?: string): number {
    return pickIndexByWeight(entries.length, (i) => entries[i]!.share, this.fraction(suffix, detail));
  }

  /** Likewise among `count` equally weighted entries (-1 when there are none). */
  uniform(count: number, suffix: string, detail?: string): number {
    return pickIndexByWeight(count, () => 1, this.fraction(suffix, detail));
  }
}
