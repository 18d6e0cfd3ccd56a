import type { Diagnostic, DiagnosticCode, Severity } from "./diagnostic";

/** What a catalogue of codes says about one code: severity, and the usual fix and related code. */
export interface CatalogueEntry {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly fix?: string;
  /** The Istio analyzer (`IST0xxx`) or Kiali (`KIAxxxx`) code covering the same ground, if any. */
  readonly related?: string;
}

/** What one finding of a catalogued code says: the message, where, what was expected; a more precise fix. */
export type FindingDetails = Omit<Diagnostic, "code" | "severity">;

/**
 * The Diagnostic of a catalogue entry: code and severity from the entry, the finding's details,
 * and the entry's fix and related code unless the finding gives its own. Fields left `undefined`
 * are dropped, so diagnostics compare and serialise cleanly.
 */
export function catalogueDiagnostic(entry: CatalogueEntry, details: FindingDetails): Diagnostic {
  const out: Record<string, unknown> = { code: entry.code, severity: entry.severity };
  for (const [key, value] of Object.entries(details)) if (value !== undefined) out[key] = value;
  const fix = details.fix ?? entry.fix;
  if (fix !== undefined) out.fix = fix;
  const related = details.related ?? entry.related;
  if (related !== undefined) out.related = related;
  return out as unknown as Diagnostic;
}
