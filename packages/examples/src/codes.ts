import type { Diagnostic } from "@meshwright/core";

/**
 * Diagnostics of the examples package. It owns MW8000-MW8099 (examples and the demo), outside
 * the other areas `packages/core/src/diagnostics/diagnostic.ts` lists.
 */
export const EXAMPLES_CODES = {
  /** A seed id that is not in the catalogue. */
  unknownSeed: "MW8001",
  /** A stage name the seed does not define. */
  unknownStage: "MW8002",
  /** A stage names a cluster or manifest entry that the seed's mesh file lacks. */
  stageDoesNotApply: "MW8003",
  /** The package's `meshes/` data directory could not be found or read. */
  meshesUnavailable: "MW8004",
} as const;

/** Builds an error diagnostic of this package. */
export function examplesError(
  code: (typeof EXAMPLES_CODES)[keyof typeof EXAMPLES_CODES],
  details: Omit<Diagnostic, "code" | "severity">,
): Diagnostic {
  return { code, severity: "error", ...details };
}
