/**
 * Syntax the loader leaves to the `yaml` package (the reference parser) instead of js-yaml,
 * because the two do not give it the same meaning, or because only `yaml` bounds its cost:
 *
 * - anchors (`&a`, hence every alias): js-yaml expands aliases without any budget, `yaml` stops
 *   at `maxAliasCount`, which is what turns a billion-laughs document into MW1002 (an alias
 *   without an anchor is an error for both);
 * - tags (`!!binary`, `!!set`, `!custom`): `yaml` resolves its YAML 1.1 tags and warns about
 *   unknown ones (MW1006), js-yaml's core schema throws on both;
 * - collection keys (`? [a]`, `[a]: 1`, `{k: v}: 1`): `yaml` turns them into their YAML text
 *   (`addPairToJSMap.js` stringifyKey), js-yaml into `String(key)`;
 * - where js-yaml departs from YAML 1.2 (and `yaml`): a lone carriage return (`yaml` keeps it as
 *   content), a byte order mark (js-yaml drops only a leading one, `yaml` also those starting a
 *   document, and rejects the others), a tab in a line's indentation (js-yaml drops it from block
 *   scalars, `yaml` keeps it or rejects it), and a line starting with `---` and more (`---x`:
 *   js-yaml takes the `---` for a document marker at the start of a document).
 *
 * Manifests use none of these, so the check is a single regex pass. Node properties (`&`, `!`)
 * can only start a line or follow white space or a flow indicator (YAML 1.2 §6.9, properties
 * follow s-separate; in flow also `[`, `{`, `,` and `:`), the explicit key indicator `?` is a
 * token of its own, and a flow collection key is followed by its `:` on the same line, so the
 * pattern has false positives (inside quoted or block scalars: `"a & b"`, `"[::1]:80"`, costing a
 * slower parse) but no false negatives. What the text cannot show is checked while js-yaml reads
 * (`node-watch.ts`).
 */
// Each alternative starts with its own rare character (what precedes it is a lookbehind), so the
// regex engine skips ahead to those characters: about 40 times faster than the plain form
// `(?:^|[\s[{,:])[&!]|...` on manifests, where it would try every alternative at every offset.
const REFERENCE_ONLY_SYNTAX =
  /(?<![^\s[{,:])[&!]|(?<![^\s[{,])\?(?!\S)|[\]}][ \t]*:|\r(?!\n)|\uFEFF|(?<=^ *)\t|^---[^ \t\r\n]/m;

/** Whether the document `source` uses syntax that only the `yaml` package reads as the loader means it. */
export function needsReferenceParser(source: string): boolean {
  return REFERENCE_ONLY_SYNTAX.test(source);
}
