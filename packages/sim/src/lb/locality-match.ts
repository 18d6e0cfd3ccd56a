import type { Locality } from "@meshwright/core";

/**
 * Splits a locality pattern like istiod (`label.SplitLocalityLabel`): `region[/zone[/subzone]]`,
 * omitted parts are empty strings.
 */
export function splitLocalityPattern(pattern: string): readonly [string, string, string] {
  const first = pattern.indexOf("/");
  if (first < 0) return [pattern, "", ""];
  const second = pattern.indexOf("/", first + 1);
  if (second < 0) return [pattern.slice(0, first), pattern.slice(first + 1), ""];
  const third = pattern.indexOf("/", second + 1);
  return [
    pattern.slice(0, first),
    pattern.slice(first + 1, second),
    pattern.slice(second + 1, third < 0 ? undefined : third),
  ];
}

/**
 * Whether `locality` matches a `distribute` pattern (`util.LocalityMatch`): segment-wise, `*`
 * matches anything, an omitted zone or subzone matches anything; the region must be given (an
 * empty region only matches an empty region).
 */
export function localityMatches(locality: Locality, pattern: string): boolean {
  const [region, zone, subzone] = splitLocalityPattern(pattern);
  return (
    (region === "*" || locality.region === region) &&
    (zone === "*" || zone === "" || locality.zone === zone) &&
    (subzone === "*" || subzone === "" || locality.subzone === subzone)
  );
}

/**
 * The raw locality tier of an endpoint group as seen from a proxy (`util.LbPriority`):
 * 0 = region, zone and subzone equal; 1 = region and zone equal; 2 = region equal; 3 = region
 * differs. Plain string equality, so an empty zone equals an empty zone.
 */
export function localityTier(proxy: Locality, group: Locality): 0 | 1 | 2 | 3 {
  if (proxy.region !== group.region) return 3;
  if (proxy.zone !== group.zone) return 2;
  return proxy.subzone === group.subzone ? 0 : 1;
}

/** How many segments of a pattern pin a value (neither `*` nor an omitted zone/subzone). */
export function patternSpecificity(pattern: string): number {
  const [region, zone, subzone] = splitLocalityPattern(pattern);
  return (
    (region !== "*" ? 1 : 0) +
    (zone !== "*" && zone !== "" ? 1 : 0) +
    (subzone !== "*" && subzone !== "" ? 1 : 0)
  );
}

/** Whether some locality matches both patterns (then istiod's random map order decides between them). */
export function patternsOverlap(a: string, b: string): boolean {
  const pa = splitLocalityPattern(a);
  const pb = splitLocalityPattern(b);
  for (let i = 0; i < 3; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    const wildX = x === "*" || (i > 0 && x === "");
    const wildY = y === "*" || (i > 0 && y === "");
    if (!wildX && !wildY && x !== y) return false;
  }
  return true;
}
