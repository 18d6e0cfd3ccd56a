import { localityString } from "@meshwright/core";
import { groupWeight } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup } from "./eds-types";

/**
 * istio-semantics §1.2 step 2 (`endpoint_builder.go` generate): one group per locality string,
 * groups sorted by that string, endpoints in input order, group weight = Σ endpoint weights.
 */
export function groupByLocality(endpoints: readonly EdsEndpoint[]): EdsLocalityGroup[] {
  // Nested maps avoid building a key string per endpoint; the string is built once per group.
  const byRegion = new Map<string, Map<string, Map<string, EdsEndpoint[]>>>();
  for (const ep of endpoints) {
    const { region, zone, subzone } = ep.locality;
    let byZone = byRegion.get(region);
    if (!byZone) byRegion.set(region, (byZone = new Map()));
    let bySubzone = byZone.get(zone);
    if (!bySubzone) byZone.set(zone, (bySubzone = new Map()));
    const list = bySubzone.get(subzone);
    if (list) list.push(ep);
    else bySubzone.set(subzone, [ep]);
  }
  const groups: { key: string; members: EdsEndpoint[] }[] = [];
  for (const byZone of byRegion.values()) {
    for (const bySubzone of byZone.values()) {
      for (const members of bySubzone.values())
        groups.push({ key: localityString(members[0]!.locality), members });
    }
  }
  // Istio sorts the locality strings themselves ("us-east/..." before "us/...").
  groups.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return groups.map(({ members }) => ({
    locality: members[0]!.locality,
    weight: groupWeight(members),
    endpoints: members,
  }));
}
