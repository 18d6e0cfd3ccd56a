import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FAILURES, ROUTING_CODES } from "..";

/** docs/simulator.md's outcomes table must list every outcome a trace can end in, with its code. */
const DOC = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../docs/simulator.md");

/** `| code | name | ...` rows of the outcomes table, by code. */
function documentedOutcomes(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(DOC, "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (/^MW\d{4}$/.test(cells[1] ?? "")) rows.set(cells[1]!, cells[2]!);
  }
  return rows;
}

describe("docs/simulator.md outcomes table", () => {
  const documented = documentedOutcomes();

  it("lists every data-path, mTLS and authz failure of trace/failures.ts under its code and name", () => {
    for (const failure of Object.values(FAILURES)) {
      expect(documented.get(failure.code), failure.code).toBe(failure.name);
    }
  });

  it("lists every routing outcome (MW405x) and DNS failure (MW406x) of routing/codes.ts", () => {
    const outcomes = Object.values(ROUTING_CODES).filter((c) => /^MW40[56]\d$/.test(c.code));
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    for (const entry of outcomes) expect(documented.get(entry.code), entry.code).toBe(entry.name);
  });
});
