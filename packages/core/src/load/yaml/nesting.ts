/**
 * The nesting limit of loaded documents: real manifests stay well under 30 levels, and a deeper
 * document (hostile or broken) would make every recursive consumer of its value (validation,
 * model building) a stack-exhaustion risk. Every parser's value is held to the same limit.
 */

/** Collection depth (the root collection is depth 0) beyond which a document is rejected. */
export const MAX_NESTING_DEPTH = 200;

/** Whether `root` holds a collection deeper than `limit`; iterative, so hostile input cannot exhaust the stack here. */
export function exceedsDepth(root: object, limit: number = MAX_NESTING_DEPTH): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > limit) return true;
    if (value !== null && typeof value === "object") {
      for (const child of Object.values(value)) {
        if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
      }
    }
  }
  return false;
}
