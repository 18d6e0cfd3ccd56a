import type { PkiFinding } from "@meshwright/core";
import { CliError, formatDiagnostic } from "../../output/errors";
import { colors, type OutputFormat, renderTable, serialise } from "../../output/format";

/** Output formats of the certs commands (istioctl's `-o`). */
export const FORMATS: readonly OutputFormat[] = ["json", "yaml", "table"];

/** Validates `-o`; undefined means the human line format. */
export function outputFormat(value: string | undefined): OutputFormat | undefined {
  if (value !== undefined && !(FORMATS as readonly string[]).includes(value)) {
    throw new CliError(`unknown output format "${value}" (use ${FORMATS.join(", ")})`, 2);
  }
  return value as OutputFormat | undefined;
}

/** Parses `--at` (ISO 8601), defaulting to now. */
export function parseAt(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new CliError(`--at "${value}" is not an ISO 8601 time`, 2);
  return at;
}

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings sorted errors first, stable otherwise. */
export function sortFindings(findings: readonly PkiFinding[]): PkiFinding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** One finding for humans: the diagnostic line, then what the component prints. */
export function formatFinding(finding: PkiFinding): string {
  const symptom = finding.symptom
    ? `\n    ${colors.dim(`${finding.component} says:`)} ${finding.symptom}`
    : "";
  return `${formatDiagnostic(finding).replace(finding.code, `${finding.code} ${finding.name}`)}${symptom}`;
}

/** Renders findings in the chosen format, with a verdict line for humans. */
export function renderFindings(
  findings: readonly PkiFinding[],
  format: OutputFormat | undefined,
  verdict: string,
  extra: Record<string, unknown> = {},
): string {
  const sorted = sortFindings(findings);
  const ok = !sorted.some((f) => f.severity === "error");
  if (format === "json" || format === "yaml") return serialise({ ok, ...extra, findings: sorted }, format);
  if (format === "table") {
    return renderTable(
      ["severity", "code", "name", "cluster", "message", "fix"],
      sorted.map((f) => [f.severity, f.code, f.name, f.cluster ?? "", f.message, f.fix ?? ""]),
    );
  }
  const counts = ["error", "warning", "info"]
    .map((s) => `${sorted.filter((f) => f.severity === s).length} ${s}(s)`)
    .join(", ");
  const head = ok ? colors.green(verdict) : colors.red(verdict);
  return `${[...sorted.map(formatFinding), `${head}: ${counts}`].join("\n")}\n`;
}
