import type { Diagnostic } from "@meshwright/core";
import picomatch from "picomatch";
import { seededFraction } from "../routing/seeded-pick";
import { matrixDiagnostic } from "./codes";
import type { MatrixDestination, WorkloadClass } from "./types";

/** A compiled list of globs: a value is kept when any glob matches it (no globs keep everything). */
export type GlobTest = (values: readonly string[]) => boolean;

/**
 * Compiles globs the way a shell matches paths, except that `*` also crosses `/` (so
 * `eks-cluster/*` keeps every workload of the cluster). Empty globs are reported, not ignored.
 */
export function compileGlobs(
  globs: readonly string[] | undefined,
  option: "sources" | "destinations",
  diagnostics: Diagnostic[],
): GlobTest {
  const patterns = (globs ?? []).map((g) => g.trim());
  if (patterns.some((g) => g === "")) {
    diagnostics.push(
      matrixDiagnostic("MATRIX_FILTER_EMPTY", {
        message: `an empty ${option} glob matches nothing`,
        path: `$.${option}`,
        expected: "a glob such as eks-cluster/* or *.app-a.svc.cluster.local:*",
        found: JSON.stringify(globs),
      }),
    );
  }
  const usable = patterns.filter((g) => g !== "");
  if (usable.length === 0) return () => patterns.length === 0;
  const matchers = usable.map((g) => picomatch(g, { bash: true, dot: true }));
  return (values) => values.some((v) => matchers.some((m) => m(v)));
}

/** The names a source glob is tried on: the class id, each member id and each member's controller ref. */
export function sourceNames(c: WorkloadClass, owners: ReadonlyMap<string, string>): string[] {
  const names = [c.id, ...c.members];
  for (const member of c.members) {
    const owner = owners.get(member);
    if (owner) names.push(owner);
  }
  return names;
}

/** The names a destination glob is tried on: `<host>:<port>`, the host and `<namespace>/<service>`. */
export function destinationNames(d: MatrixDestination): string[] {
  return [d.id, d.host, d.service];
}

/**
 * `count` destinations picked deterministically for `seed` (each ranked by a seeded hash of its id,
 * so adding a destination never reshuffles the others), in their original order.
 */
export function sampleDestinations(
  destinations: readonly MatrixDestination[],
  count: number,
  seed: number,
): MatrixDestination[] {
  if (count >= destinations.length) return [...destinations];
  const ranked = destinations
    .map((d, index) => ({ index, rank: seededFraction(seed, `matrix-sample|${d.id}`) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index);
  return ranked.map((r) => destinations[r.index]!);
}
