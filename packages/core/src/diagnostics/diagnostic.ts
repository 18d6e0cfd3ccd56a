/**
 * Diagnostics: every problem meshwright reports, from a YAML typo to a certificate a peer would
 * reject, is a value with a stable code, a severity, where it is, what was expected, and the fix.
 * Codes are `MW` + four digits, grouped by area (see `docs/diagnostics.md`):
 * MW1xxx loading and schema validation, MW2xxx the mesh model and cross-references,
 * MW3xxx PKI, MW4xxx discovery / DNS / routing, MW5xxx data path and faults, MW6xxx mTLS and authz,
 * MW7xxx providers (rendering for real clusters), MW8xxx examples and the demo.
 */

/** How bad a finding is: errors make `validate` / `certs verify` exit 1. */
export type Severity = "error" | "warning" | "info";

/** A stable diagnostic code, `MW` + four digits. */
export type DiagnosticCode = `MW${number}`;

/** One finding. Never contains private keys or tokens (DESIGN.md principle 8). */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One line: what is wrong. */
  readonly message: string;
  /** The file, 1-based line and column, and 0-based YAML document index, when known. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly document?: number;
  /** JSON path inside the object or document, e.g. `$.spec.rules[0].from`. */
  readonly path?: string;
  /** The cluster the finding concerns, when it concerns one. */
  readonly cluster?: string;
  readonly expected?: string;
  readonly found?: string;
  /** One line: how to fix it. */
  readonly fix?: string;
  /** The Istio analyzer (`IST0xxx`) or Kiali (`KIAxxxx`) code covering the same ground, if any. */
  readonly related?: string;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Thrown only where a caller asked for a value and cannot get one (e.g. `loadMeshOrThrow`); it
 * carries every diagnostic, not just the first.
 */
export class MeshwrightError extends Error {
  readonly code: DiagnosticCode;
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[], message?: string) {
    const first = diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
    super(message ?? first?.message ?? "meshwright error");
    this.name = "MeshwrightError";
    this.code = first?.code ?? "MW1000";
    this.diagnostics = diagnostics;
  }
}
