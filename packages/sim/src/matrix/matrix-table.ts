import type { MatrixCell, MatrixDestination, ReachabilityMatrix } from "./types";

/** A destination as a column heading: the cluster domain dropped (`svc.ns:8080`). */
export function shortDestination(d: MatrixDestination): string {
  return `${d.host.replace(/\.svc\.cluster\.local$/, "")}:${d.port}`;
}

/** What a cell shows: `ok`, or the failure's name. */
function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return "";
  return cell.ok ? "ok" : (cell.name ?? cell.code ?? "failed");
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - text.length));
}

/**
 * The matrix as a plain-text grid: one row per source class (its short label, with the dataplane and
 * locality that tell classes of one workload apart), one column per destination, `ok` or the failure
 * name in each cell. Plain characters only, so it pipes and diffs cleanly.
 */
export function matrixToTable(matrix: ReachabilityMatrix): string {
  const cellsByPair = new Map<string, MatrixCell>();
  for (const cell of matrix.cells) cellsByPair.set(`${cell.source}\u0000${cell.destination}`, cell);
  const head = ["SOURCE", ...matrix.destinations.map(shortDestination)];
  const rows = matrix.classes.map((c) => [
    `${c.label} (${c.dataplane}, ${c.locality.replace(/\/+$/, "") || "no locality"})`,
    ...matrix.destinations.map((d) => cellText(cellsByPair.get(`${c.id}\u0000${d.id}`))),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (row: readonly string[]) =>
    row
      .map((text, i) => pad(text, widths[i]!))
      .join(" | ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("-+-");
  const { ok, failed } = matrix.totals;
  const summary = `${matrix.classes.length} source class(es) × ${matrix.destinations.length} destination(s): ${ok} ok, ${failed} failed (${matrix.requests} request(s) simulated)`;
  return `${[line(head), rule, ...rows.map(line)].join("\n")}\n${summary}\n`;
}
