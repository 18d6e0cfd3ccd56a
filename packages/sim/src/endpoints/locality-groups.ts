import { localityString } from "@meshwright/core";
import { groupWeight } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup } from "./eds-types";

/**
 * istio-semantics §1.2 step 2 (`endpoint_builder.go` generate): one group per locality string,
 * groups sorted by that string, endpoints in input order, group weight = Σ endpoint weights.
 */
export function groupByLocality(endpoints: readonly EdsEndpoint[]): EdsLocalityGroup[] {
  // Istio keys its locality map by the locality label string (`buildLocalityLbEndpointsFromShards`),
  // then sorts those keys ("us-east/..." before "us/...").
  const byKey = new Map<string, EdsEndpoint[]>();
  for (const ep of endpoints) {
    const key = localityString(ep.locality);
    const list = byKey.get(key);
    if (list) list.push(ep);
    else byKey.set(key, [ep]);
  }
  return [...byKey]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, members]) => ({
      locality: members[0]!.locality,
      weight: groupWeight(members),
      endpoints: members,
    }));
}
