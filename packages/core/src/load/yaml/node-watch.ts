/**
 * A js-yaml node listener that checks each node as js-yaml reads it, for what js-yaml cannot be
 * told to refuse:
 *
 * - nesting beyond `MAX_NESTING_DEPTH` (the limit `exceedsDepth` applies to the other parsers'
 *   values, to the level), and runaway nesting stopped before it exhausts the stack (js-yaml
 *   recurses for every level);
 * - where js-yaml's reading departs from `yaml`'s (the reference, which follows YAML 1.2 here),
 *   reported so the loader asks `yaml` instead:
 *   - null keys (`~:`, `null:`, `: v`): `yaml` turns them into `""`, js-yaml into `"null"`;
 *   - flow collections and quoted scalars spread over several lines: js-yaml takes continuation
 *     lines at any indentation, `yaml` requires them indented past the parent;
 *   - a comment glued to a closing quote or bracket (`'a'# c`): an error for `yaml`, since a
 *     comment must follow white space, a comment for js-yaml;
 *   - an empty block sequence entry (`-` alone): js-yaml then takes a less indented `- ` line for
 *     the next entry;
 *   - a single-pair mapping inside a flow sequence (`[k: v]`), which has no node of its own, so
 *     neither the key nor the nesting checks would see it;
 *   - an indented root collection: js-yaml then also takes later, less indented lines.
 */
import type { EventType, State } from "js-yaml";
import { MAX_NESTING_DEPTH } from "./nesting";

/** Why a document's js-yaml value may not be the reference value. */
export type NodeDeviation =
  | "null key"
  | "multi-line flow or quoted node"
  | "comment glued to a node"
  | "empty block sequence entry"
  | "flow pair in a sequence"
  | "indented root";

/**
 * Collections a document may nest: the root is at depth 0 and the deepest allowed at
 * `MAX_NESTING_DEPTH`, as `exceedsDepth` counts.
 */
const MAX_COLLECTION_HEIGHT = MAX_NESTING_DEPTH + 1;

/**
 * Open nodes beyond which reading stops at once. js-yaml opens one node per collection, plus one
 * wrapper where a block mapping could start (its `readBlockMapping` reads a would-be key as a
 * child node, then keeps it as the value when no `:` follows), plus the leaf: at most
 * `2 × collections + 2` open nodes, so more than this many means more collections than allowed.
 */
const MAX_OPEN_NODES = 2 * (MAX_COLLECTION_HEIGHT + 1) + 2;

const NEWLINE = 10;
const HASH = 35;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Thrown from the listener to stop js-yaml at the nesting limit. */
export class NestingTooDeep extends Error {
  constructor(readonly offset: number) {
    super(`nesting deeper than ${MAX_NESTING_DEPTH} levels`);
  }
}

/**
 * The watch of one document at a time: `reset()` it, pass `listener` to js-yaml's `load`, then
 * read `deviation`. One instance serves every document (parsing is synchronous), so the listener
 * and its stacks are made once.
 */
export class NodeWatch {
  /** Where each open node's text (or the white space before it) starts, by depth (0 = root). */
  private readonly opened = new Int32Array(MAX_OPEN_NODES);
  /** How many child nodes each open node has had so far, by depth. */
  private readonly children = new Int32Array(MAX_OPEN_NODES);
  /** The most collections nested in any child closed so far, by depth. */
  private readonly heights = new Int32Array(MAX_OPEN_NODES);
  /** How many nodes are open. */
  private depth = 0;
  /** The value of the node closed last. */
  private lastResult: unknown;
  /** The first deviation met in the current document, if any. */
  deviation: NodeDeviation | undefined;

  readonly listener: (event: EventType, state: State) => void = this.onEvent.bind(this);

  /** Starts watching a new document. */
  reset(): void {
    this.depth = 0;
    this.lastResult = undefined;
    this.deviation = undefined;
  }

  private onEvent(event: EventType, state: State): void {
    if (event === "open") this.open(state.position);
    else this.close(state);
  }

  private open(position: number): void {
    const depth = this.depth;
    if (depth >= MAX_OPEN_NODES) throw new NestingTooDeep(position);
    if (depth > 0) this.children[depth - 1]!++;
    this.opened[depth] = position;
    this.children[depth] = 0;
    this.heights[depth] = 0;
    this.depth = depth + 1;
  }

  private close(state: State): void {
    const index = --this.depth;
    const { kind, input, position, result } = state;
    // A wrapper's value is the value of the child it read first (see MAX_OPEN_NODES).
    const isWrapper = result === this.lastResult;
    this.lastResult = result;
    if (kind === "scalar") {
      // Scalars nest no collection (a wrapped scalar's child is a scalar too): no height to pass on.
      const last = input.charCodeAt(position - 1);
      if (last === DOUBLE_QUOTE || last === SINGLE_QUOTE) {
        this.checkDelimited(input, this.opened[index]!, position, last);
      }
      return;
    }
    if (kind !== "mapping" && kind !== "sequence") return;
    const height = this.heights[index]! + (isWrapper ? 0 : 1);
    if (height > MAX_COLLECTION_HEIGHT) throw new NestingTooDeep(position);
    if (index > 0 && height > this.heights[index - 1]!) this.heights[index - 1] = height;
    if (isWrapper) return;
    const from = this.opened[index]!;
    const last = input.charCodeAt(position - 1);
    if (last === CLOSE_BRACKET) this.checkDelimited(input, from, position, OPEN_BRACKET);
    else if (last === CLOSE_BRACE) this.checkDelimited(input, from, position, OPEN_BRACE);
    if (index === 0 && column(input, contentStart(input, from)) > 0) this.deviation ??= "indented root";
    if (kind === "mapping") {
      if (Object.hasOwn(result as object, "null")) this.deviation ??= "null key";
      return;
    }
    // Each entry of a sequence is one child node, except an empty block entry (none) and a flow
    // pair (two: its key and its value).
    const entries = (result as unknown[]).length;
    const childCount = this.children[index]!;
    if (entries > childCount) this.deviation ??= "empty block sequence entry";
    else if (entries < childCount) this.deviation ??= "flow pair in a sequence";
  }

  /**
   * Checks a node that ends with a closing quote or bracket: a quoted scalar or flow collection
   * when it starts with `opener` (else it is a plain scalar or block collection ending so).
   */
  private checkDelimited(input: string, from: number, end: number, opener: number): void {
    const start = contentStart(input, from);
    if (input.charCodeAt(start) !== opener) return;
    if (input.charCodeAt(end) === HASH) this.deviation ??= "comment glued to a node";
    const newline = input.indexOf("\n", start);
    if (newline >= 0 && newline < end) this.deviation ??= "multi-line flow or quoted node";
  }
}

/** The first offset at or after `from` that is neither white space nor inside a comment. */
function contentStart(input: string, from: number): number {
  let i = from;
  for (;;) {
    const c = input.charCodeAt(i);
    if (isWhite(c)) i++;
    // A `#` starts a comment only after white space (YAML 1.2 §6.6).
    else if (c === HASH && (i === 0 || isWhite(input.charCodeAt(i - 1)))) {
      const newline = input.indexOf("\n", i);
      if (newline < 0) return input.length;
      i = newline + 1;
    } else return i;
  }
}

function isWhite(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === NEWLINE;
}

/** 0-based column of `offset`. */
function column(input: string, offset: number): number {
  return offset - (input.lastIndexOf("\n", offset - 1) + 1);
}
