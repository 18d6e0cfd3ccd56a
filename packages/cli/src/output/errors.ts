import type { Diagnostic } from "@meshwright/core";
import { colors } from "./format";

/**
 * A failure the CLI reports as a message and an exit code, never as a stack trace
 * (DESIGN.md principle 7).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** One diagnostic as a human-readable line: `file:line:col  severity  CODE  message (fix)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}` : (d.cluster ?? "");
  const severity =
    d.severity === "error"
      ? colors.red("error")
      : d.severity === "warning"
        ? colors.yellow("warning")
        : colors.cyan("info");
  const path = d.path ? ` ${colors.dim(d.path)}` : "";
  const fix = d.fix ? `\n    ${colors.dim("fix:")} ${d.fix}` : "";
  return `${where ? `${where}  ` : ""}${severity}  ${d.code}${path}  ${d.message}${fix}`;
}
