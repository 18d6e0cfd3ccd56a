import Table from "cli-table3";
import pc from "picocolors";
import { stringify } from "yaml";

/** Output formats every command accepts with `-o` (istioctl's habit). */
export type OutputFormat = "json" | "yaml" | "table";

/** Colours only on a TTY, and never when NO_COLOR is set. */
export const colors = pc.createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);

/** Serialises `value` as stable, pretty JSON or YAML. */
export function serialise(value: unknown, format: "json" | "yaml"): string {
  return format === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
}

/** Renders rows as a plain-bordered table (no colour codes in the borders, so it pipes cleanly). */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    head: head.map((h) => colors.bold(h)),
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of rows) table.push([...row]);
  return `${table.toString()}\n`;
}
