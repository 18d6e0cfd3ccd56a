/**
 * Compiled request predicates and their combinators. Rules compile into trees of these once; a
 * decision only calls them. The combinators specialise the small arities so the common shapes
 * (one or two children) avoid loops.
 */
import type { RequestContext } from "./request-context";

/** A compiled test of a request. */
export type Predicate = (ctx: RequestContext) => boolean;

/** Matches every request (Envoy `any: true`). */
export const ALWAYS: Predicate = () => true;

/** Matches no request. */
export const NEVER: Predicate = () => false;

/** Children of the AND / OR closures built here, so nested ones flatten into one loop. */
const AND_PARTS = new WeakMap<Predicate, readonly Predicate[]>();
const OR_PARTS = new WeakMap<Predicate, readonly Predicate[]>();

function remember(
  parts: WeakMap<Predicate, readonly Predicate[]>,
  list: readonly Predicate[],
  built: Predicate,
) {
  parts.set(built, list);
  return built;
}

/** All must hold; no children means ALWAYS (istiod emits `any: true` for an empty AND). */
export function allOf(predicates: readonly Predicate[]): Predicate {
  const list = predicates.flatMap((p) => AND_PARTS.get(p) ?? [p]).filter((p) => p !== ALWAYS);
  if (list.includes(NEVER)) return NEVER;
  if (list.length === 0) return ALWAYS;
  if (list.length === 1) return list[0]!;
  if (list.length === 2) {
    const [a, b] = list as [Predicate, Predicate];
    return remember(AND_PARTS, list, (ctx) => a(ctx) && b(ctx));
  }
  return remember(AND_PARTS, list, (ctx) => {
    for (let i = 0; i < list.length; i++) if (!list[i]!(ctx)) return false;
    return true;
  });
}

/** Any must hold; no children means NEVER. */
export function anyOf(predicates: readonly Predicate[]): Predicate {
  const list = predicates.flatMap((p) => OR_PARTS.get(p) ?? [p]).filter((p) => p !== NEVER);
  if (list.includes(ALWAYS)) return ALWAYS;
  if (list.length === 0) return NEVER;
  if (list.length === 1) return list[0]!;
  if (list.length === 2) {
    const [a, b] = list as [Predicate, Predicate];
    return remember(OR_PARTS, list, (ctx) => a(ctx) || b(ctx));
  }
  return remember(OR_PARTS, list, (ctx) => {
    for (let i = 0; i < list.length; i++) if (list[i]!(ctx)) return true;
    return false;
  });
}

/** The negation. */
export function not(predicate: Predicate): Predicate {
  if (predicate === ALWAYS) return NEVER;
  if (predicate === NEVER) return ALWAYS;
  return (ctx) => !predicate(ctx);
}
