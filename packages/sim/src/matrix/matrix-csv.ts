import type { MatrixCell, ReachabilityMatrix } from "./types";

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `cluster=share;...` with shares to four decimals, clusters in name order. */
export function servedByText(servedBy: MatrixCell["servedBy"]): string {
  return Object.keys(servedBy)
    .sort()
    .map((cluster) => `${cluster}=${Number(servedBy[cluster]!.toFixed(4))}`)
    .join(";");
}

const COLUMNS = ["source", "destination", "ok", "code", "name", "symptom", "served_by", "sample"] as const;

/** The matrix as CSV: a header, then one line per cell (source class id, destination id, outcome). */
export function matrixToCsv(matrix: ReachabilityMatrix): string {
  const lines = [COLUMNS.join(",")];
  for (const cell of matrix.cells) {
    lines.push(
      [
        cell.source,
        cell.destination,
        cell.ok ? "true" : "false",
        cell.code ?? "",
        cell.name ?? "",
        cell.symptom ?? "",
        servedByText(cell.servedBy),
        cell.sample,
      ]
        .map(field)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
