/**
 * Test support for the YAML parsers: the reference value of a document (what the `yaml` package
 * makes of it), and generators of YAML documents for the property tests that hold js-yaml's
 * answers to that reference: documents `yaml` writes from arbitrary values, manifest-shaped
 * documents (valid, or with one line disturbed), and YAML-ish line soup (mostly errors).
 */
import fc from "fast-check";
import { parseAllDocuments, stringify } from "yaml";

/** What `referenceValue` returns for a document `yaml` rejects. */
export const REJECTED = Symbol("rejected by yaml");

/** The value `yaml` gives the single document `source` (with the loader's alias budget), or `REJECTED`. */
export function referenceValue(source: string): unknown {
  const documents = parseAllDocuments(source);
  if (!Array.isArray(documents)) return null;
  const [document, ...extra] = documents;
  if (!document || extra.length > 0 || document.errors.length > 0) return REJECTED;
  try {
    return document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch {
    return REJECTED;
  }
}

const tricky = fc.constantFrom(
  "yes",
  "no",
  "on",
  "off",
  "~",
  "null",
  "0o7",
  "0x1f",
  "1e3",
  ".nan",
  "-.inf",
  "12:30",
  "2001-12-14",
  "a: b",
  "- x",
  "#c",
  "'q'",
  '"d"',
  " lead",
  "trail ",
  "multi\nline",
  "tab\there",
  "a\n\n b\n",
  "line\n",
  "---",
  "...",
  "<<",
  "1_000",
  "0b1",
);

/** JSON-like values, keys included, that stress scalar resolution and quoting. */
const jsonLikeValue = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 8 }),
      tricky,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    ),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("node"), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(tricky, fc.string({ maxLength: 8 })), tie("node"), { maxKeys: 4 }),
})).object;

/** How `yaml` may write them: every collection and string style, narrow lines (folding), indents. */
const writeOptions = fc.record({
  indent: fc.constantFrom(1, 2, 4),
  indentSeq: fc.boolean(),
  collectionStyle: fc.constantFrom("any" as const, "block" as const, "flow" as const),
  lineWidth: fc.constantFrom(0, 10, 80),
  defaultStringType: fc.constantFrom(
    "PLAIN" as const,
    "QUOTE_DOUBLE" as const,
    "QUOTE_SINGLE" as const,
    "BLOCK_LITERAL" as const,
    "BLOCK_FOLDED" as const,
  ),
  doubleQuotedAsJSON: fc.boolean(),
});

/** Valid YAML documents as `yaml` writes arbitrary JSON-like values. */
export const writtenDocuments: fc.Arbitrary<string> = fc
  .tuple(jsonLikeValue, writeOptions)
  .map(([value, options]) => stringify(value, options));

/** A document tree before it is written out: mappings, sequences and scalar texts (possibly multi-line). */
type Tree =
  | { readonly kind: "map"; readonly entries: readonly (readonly [string, Tree])[] }
  | { readonly kind: "seq"; readonly items: readonly Tree[] }
  | { readonly kind: "scalar"; readonly text: string };

/** Scalar texts as written after `key: ` or `- `; `@` marks a continuation line's indentation. */
const scalarText = fc.constantFrom(
  "v",
  "1",
  "-2",
  "true",
  "~",
  "'q'",
  '"d\\n"',
  "a:b",
  "x # c",
  "0o17",
  "1.5",
  "'it''s'",
  '"tab\\there"',
  "é",
  '"\\u00e9"',
  "yes",
  "2001-12-14",
  "http://x",
  "a #b",
  '""',
  "[]",
  "{}",
  "null",
  ".inf",
  "<<",
  '"multi\n@line"',
  "plain\n@continued",
  "|\n@literal\n@ more\n",
  "|-\n@strip\n",
  "|+\n@keep\n\n",
  ">\n@folded\n@text\n\n@para\n",
  "|2\n@  indicator\n",
);
const keyText = fc.constantFrom("a", "b", '"k.k"', "d/e", "'s q'", "k k", "1", "name", "0x10", "true", "-k");

const tree: fc.Arbitrary<Tree> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    scalarText.map((text): Tree => ({ kind: "scalar", text })),
    tie("map"),
    tie("seq"),
  ),
  map: fc
    .uniqueArray(fc.tuple(keyText, tie("node")), { minLength: 1, maxLength: 4, selector: ([key]) => key })
    .map((entries): Tree => ({ kind: "map", entries: entries as [string, Tree][] })),
  seq: fc
    .array(tie("node"), { minLength: 1, maxLength: 3 })
    .map((items): Tree => ({ kind: "seq", items: items as Tree[] })),
})).node as fc.Arbitrary<Tree>;

interface Style {
  readonly indent: number;
  /** Sequences under a key indented (`key:\n  - a`) or not (`key:\n- a`, the Kubernetes style). */
  readonly indentSequences: boolean;
  /** Nesting level from which collections are written in flow style. */
  readonly flowFromLevel: number;
  readonly multiLineFlow: boolean;
}

/** A collection in flow style (multi-line scalars become a placeholder: they have no flow form here). */
function flow(node: Tree, style: Style, pad: string): string {
  if (node.kind === "scalar") return node.text.includes("\n") ? '"m"' : node.text;
  const separator = style.multiLineFlow ? `,\n${pad}` : ", ";
  if (node.kind === "seq") return `[${node.items.map((item) => flow(item, style, pad)).join(separator)}]`;
  return `{${node.entries.map(([key, value]) => `${key}: ${flow(value, style, pad)}`).join(separator)}}`;
}

/** The lines of a block collection at `column`. */
function blockLines(node: Tree, column: number, style: Style, level: number): string[] {
  const pad = " ".repeat(column);
  const lines: string[] = [];
  const inline = (value: Tree, valueColumn: number): string | undefined => {
    if (value.kind === "scalar") return value.text.replace(/\n@/g, `\n${" ".repeat(valueColumn)}`);
    return level + 1 >= style.flowFromLevel ? flow(value, style, " ".repeat(valueColumn)) : undefined;
  };
  if (node.kind === "map") {
    for (const [key, value] of node.entries) {
      const text = inline(value, column + style.indent);
      if (text !== undefined) lines.push(`${pad}${key}: ${text}`);
      else {
        lines.push(`${pad}${key}:`);
        const nested = value.kind === "seq" && !style.indentSequences ? column : column + style.indent;
        lines.push(...blockLines(value, nested, style, level + 1));
      }
    }
  } else if (node.kind === "seq") {
    for (const item of node.items) {
      const text = inline(item, column + 2);
      if (text !== undefined) lines.push(`${pad}- ${text}`);
      else {
        const [first = "", ...rest] = blockLines(item, column + 2, style, level + 1);
        lines.push(`${pad}- ${first.slice(column + 2)}`, ...rest);
      }
    }
  }
  return lines.flatMap((line) => line.split("\n"));
}

const disturbance = fc.option(
  fc.tuple(
    fc.nat(),
    fc.constantFrom("indent+1", "indent-1", "tab", "duplicate", "delete", "dash", "comment"),
  ),
  { freq: 2 },
);

/** Disturbs one line of `lines` (indentation off by one, a tab, a duplicated or missing line...). */
function disturb(lines: string[], at: number, how: string): string[] {
  const copy = [...lines];
  const index = at % copy.length;
  const line = copy[index]!;
  if (how === "indent+1") copy[index] = ` ${line}`;
  else if (how === "indent-1") copy[index] = line.replace(/^ /, "");
  else if (how === "tab") copy[index] = `\t${line}`;
  else if (how === "duplicate") copy.splice(index, 0, line);
  else if (how === "delete") copy.splice(index, 1);
  else if (how === "dash") copy[index] = line.replace(/^( *)/, "$1- ");
  else copy.splice(index, 0, "# note");
  return copy;
}

/** Kubernetes-manifest-shaped documents: most valid, some with one line disturbed; LF or CRLF. */
export const manifestShapedDocuments: fc.Arbitrary<string> = fc
  .tuple(
    tree.filter((node) => node.kind !== "scalar"),
    fc.record({
      indent: fc.constantFrom(1, 2, 4),
      indentSequences: fc.boolean(),
      flowFromLevel: fc.constantFrom(99, 1, 2),
      multiLineFlow: fc.boolean(),
    }),
    disturbance,
    fc.constantFrom("\n", "\r\n"),
  )
  .map(([node, style, change, newline]) => {
    const lines = blockLines(node, 0, style, 0);
    const written = change ? disturb(lines, change[0], change[1]) : lines;
    return `${written.join(newline)}${newline}`;
  });

/** YAML-ish lines glued from tokens: mostly syntax errors, some odd valid documents. */
export const yamlLineSoup: fc.Arbitrary<string> = fc
  .array(
    fc
      .array(
        fc.constantFrom(
          "a:",
          "b: 1",
          "- ",
          "-",
          "  ",
          "    ",
          "\t",
          "# c",
          '"q"',
          "'s'",
          "[x, y]",
          "{k: v}",
          "|",
          "|-",
          ">",
          "text",
          ": ",
          "x: y: z",
          '"a\\x41"',
          "'it''s'",
          "- k: v",
          "\r",
          "&a",
          "*a",
          "!t",
          "key with spaces: v",
          "k:v",
          "null",
          "0x1",
          "[",
          "{",
          "---",
          "? ",
          "\uFEFF",
        ),
        { maxLength: 4 },
      )
      .map((tokens) => tokens.join("")),
    { maxLength: 10 },
  )
  .map((lines) => `${lines.join("\n")}\n`);

/** Node properties and indicators inserted by `decoratedDocuments`. */
const decoration = fc.constantFrom("&x ", "!!str ", "!t ", "!<tag:x> ", "&a !!map ", "? ", "\uFEFF");

/**
 * Manifest-shaped documents with an anchor, a tag, an explicit key or a byte order mark put
 * before one of their nodes (after a `: ` or `- `, or at the start of a line).
 */
export const decoratedDocuments: fc.Arbitrary<string> = fc
  .tuple(manifestShapedDocuments, fc.nat(), decoration)
  .map(([text, at, inserted]) => {
    const places = [...text.matchAll(/: |- |^/gm)].map((match) => match.index + match[0].length);
    const place = places[at % places.length]!;
    return text.slice(0, place) + inserted + text.slice(place);
  });
