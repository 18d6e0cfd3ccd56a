import { memoizeWeak } from "../memo/memo";

/**
 * Istio's locality: `region/zone/subzone`, each part possibly empty (istio-semantics §0:
 * `util.ConvertLocality`, `label.SplitLocalityLabel`).
 */
export interface Locality {
  readonly region: string;
  readonly zone: string;
  readonly subzone: string;
}

/** The empty locality (a workload whose node carries no topology labels). */
export const NO_LOCALITY: Locality = Object.freeze({ region: "", zone: "", subzone: "" });

/**
 * Renders `region/zone/subzone` the way istiod does (missing parts stay empty). Memoised per
 * locality object: simulations render the same few hundred localities millions of times, and one
 * shared string (hashed once) keeps the maps they key fast.
 */
export const localityString: (locality: Locality) => string = memoizeWeak(
  (locality: Locality) => `${locality.region}/${locality.zone}/${locality.subzone}`,
);

/** Parses `region/zone/subzone` (or a prefix of it); missing parts become empty strings. */
export function parseLocality(text: string): Locality {
  const [region = "", zone = "", subzone = ""] = text.split("/");
  return { region, zone, subzone };
}
