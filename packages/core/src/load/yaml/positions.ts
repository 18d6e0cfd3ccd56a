/**
 * Where each node of a parsed YAML document starts, for pointing diagnostics at a line and column.
 * Built only when a diagnostic needs it (by re-parsing that one document), never during a load.
 */
import type { JsonPath } from "../json-path";

/** Offsets of one node and its children (by key or index). */
export interface PositionNode {
  /** Offset of the node's value. */
  readonly offset: number;
  /** Offset of the key that holds this node, when it is a mapping value. */
  keyOffset?: number;
  readonly children?: Map<string | number, PositionNode>;
}

/** Where a path points: the deepest node that exists, and whether the whole path was found. */
export interface PathTarget {
  readonly offset: number;
  readonly exact: boolean;
}

/**
 * The offset for `path`: the node's key when `atKey` (for "unknown field" findings) else its value;
 * the deepest existing ancestor when the path does not exist (e.g. a missing required field).
 */
export function offsetOf(root: PositionNode, path: JsonPath, atKey = false): PathTarget {
  let node = root;
  for (const segment of path) {
    const child = node.children?.get(segment);
    if (!child) return { offset: node.keyOffset ?? node.offset, exact: false };
    node = child;
  }
  return { offset: atKey && node.keyOffset !== undefined ? node.keyOffset : node.offset, exact: true };
}
