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
 * The rendering of each locality object: simulations render the same few hundred localities
 * millions of times, and one shared string (hashed once) keeps the maps they key fast.
 */
const RENDERED = new WeakMap<Locality, string>();

/** Renders `region/zone/subzone` the way istiod does (missing parts stay empty). */
export function localityString(locality: Locality): string {
  let text = RENDERED.get(locality);
  if (text === undefined) {
    text = `${locality.region}/${locality.zone}/${locality.subzone}`;
    RENDERED.set(locality, text);
  }
  return text;
}

/** Parses `region/zone/subzone` (or a prefix of it); missing parts become empty strings. */
export function parseLocality(text: string): Locality {
  const [region = "", zone = "", subzone = ""] = text.split("/");
  return { region, zone, subzone };
}
