import { istioObjects, type Mesh } from "@meshwright/core";
import { type CidrRange, cidrContains, parseCidr, parseIp } from "../authz/ip-address";
import { policySourceValues } from "./policy-sources";

/**
 * The address ranges any AuthorizationPolicy of the mesh matches source addresses against. Two
 * workloads whose addresses fall in the same ranges are alike for every such rule.
 */
export function sourceAddressRanges(mesh: Mesh): readonly CidrRange[] {
  const seen = new Set<string>();
  const ranges: CidrRange[] = [];
  for (const cluster of mesh.clusters) {
    for (const policy of istioObjects(cluster.resources, "AuthorizationPolicy")) {
      for (const text of policySourceValues(policy).addresses) {
        if (seen.has(text)) continue;
        seen.add(text);
        const range = parseCidr(text);
        if (range) ranges.push(range);
      }
    }
  }
  return ranges;
}

/** Which of `ranges` hold `address`, as a string of 0/1 (empty when no rule reads addresses). */
export function addressMembership(ranges: readonly CidrRange[], address: string | undefined): string {
  if (ranges.length === 0) return "";
  const ip = address === undefined ? null : parseIp(address);
  return ranges.map((range) => (ip !== null && cidrContains(range, ip) ? "1" : "0")).join("");
}
