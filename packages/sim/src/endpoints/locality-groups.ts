import { localityString } from "@meshwright/core";
import { groupWeight } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup } from "./eds-types";

/**
 * istio-semantics §1.2 step 2 (`endpoint_builder.go` generate): one group per locality string,
 * groups sorted by that string, endpoints in input order, group weight = Σ endpoint weights.
 */
export function groupByLocality(endpoints: readonly EdsEndpoint[]): EdsLocalityGroup[] {
  // `generate` keys its map by the locality label string (`localityEpMap[ep.Locality.Label]`) and
  // sorts those keys (`sort.Strings`: "us-east/..." before "us/...").
  const byKey = new Map<string, EdsEndpoint[]>();
  for (const ep of endpoints) {
    const key = localityString(ep.locality);
    const list = byKey.get(key);
    if (list) list.push(ep);
    else byKey.set(key, [ep]);
  }
  return [...byKey].sort(byLocalityKey).map(([, members]) => ({
    locality: members[0]!.locality,
    weight: groupWeight(members),
    endpoints: members,
  }));
}

/** Orders `[locality string, group]` entries as istiod orders its locality groups (`sort.Strings`). */
export function byLocalityKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
