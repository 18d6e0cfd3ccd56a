/**
 * Mermaid node and subgraph ids. Mermaid ids must be plain words (letters, digits, `_`): a `-`, `.`,
 * `:` or `/` in an id is read as part of an arrow or breaks the parser. Each diagram id becomes its
 * readable slug (`service:east/shop/web` → `service_east_shop_web`); ids whose slugs collide (e.g.
 * `a-b` and `a.b`) all get a hash suffix, so ids stay unique and the same input always yields the
 * same ids.
 */

/** Runs of characters Mermaid does not take in an id. */
const NOT_ID = /[^A-Za-z0-9]+/g;

function slug(id: string): string {
  const s = id.replace(NOT_ID, "_").replace(/^_+|_+$/g, "");
  // Every diagram id starts with its type (`cluster:`), but guard anyway: an id must not start with a digit.
  return /^[A-Za-z]/.test(s) ? s : `n_${s}`;
}

/** FNV-1a (32 bit) of `text`, base 36: a short, stable disambiguator. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** Maps every id of `ids` to a unique Mermaid id. */
export function mermaidIds(ids: Iterable<string>): ReadonlyMap<string, string> {
  const bySlug = new Map<string, string[]>();
  for (const id of new Set(ids)) {
    const s = slug(id);
    bySlug.set(s, [...(bySlug.get(s) ?? []), id]);
  }
  const out = new Map<string, string>();
  for (const [s, owners] of bySlug) {
    for (const id of owners) out.set(id, owners.length === 1 ? s : `${s}_${fnv1a(id)}`);
  }
  return out;
}
