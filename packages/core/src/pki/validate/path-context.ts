import type { ParsedCertificate } from "./asn1/certificate";
import type { ChainPolicy } from "./chain-policy";
import type { ChainProblem, ChainProblemKind } from "./chain-problem";

/** A candidate path, leaf first, and the rules and time it is judged by. */
export interface PathContext {
  readonly path: readonly ParsedCertificate[];
  /** True when the last certificate is a trust anchor; false for a partial path that reached no anchor. */
  readonly anchored: boolean;
  /** Validation time in epoch milliseconds, floored to the second (x509-limbo `notbefore-fractional`). */
  readonly at: number;
  readonly policy: ChainPolicy;
}

/** One rule applied to a whole path. */
export type PathCheck = (context: PathContext) => ChainProblem[];

/** True when `index` is the trust anchor of an anchored path. */
export function isAnchor(context: PathContext, index: number): boolean {
  return context.anchored && index === context.path.length - 1;
}

/** Indexes of certificates that issued another certificate on the path (intermediates and the anchor). */
export function issuerIndexes(context: PathContext): number[] {
  const indexes: number[] = [];
  for (let i = 1; i < context.path.length; i++) indexes.push(i);
  return indexes;
}

/** Builds a problem for the certificate at `index`. */
export function problemAt(
  context: PathContext,
  kind: ChainProblemKind,
  index: number,
  detail: string,
  blocking = true,
): ChainProblem {
  return { kind, index, certificate: context.path[index]!, detail, blocking };
}

/** An RFC 5280 rule the modelled verifier does not enforce: blocking only in pedantic mode. */
export function rfc5280At(context: PathContext, index: number, detail: string): ChainProblem {
  return problemAt(context, "rfc5280", index, detail, context.policy.pedantic);
}
