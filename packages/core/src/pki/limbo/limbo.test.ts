import { beforeAll, describe, expect, it } from "vitest";
import { SIDECAR_POLICY } from "../validate/chain-policy";
import exceptions from "./exceptions.json";
import { type LimboSummary, runLimbo } from "./harness";
import { readLimboSuite } from "./suite-file";

const suite = readLimboSuite();
/** Go 1.19 crypto/x509 on the same file (pki.md §3): the bar to meet. */
const GO_CONFORMANT = 124;

const divergent = (summary: LimboSummary): string[] =>
  summary.results
    .filter((r) => r.actual !== "SKIPPED" && r.actual !== r.expected)
    .map((r) => r.id)
    .sort();

describe.skipIf(!suite)("x509-limbo through the peer validator (peer-sidecar profile)", () => {
  const runs: Record<"default" | "pedantic", LimboSummary> = {} as never;
  beforeAll(() => {
    runs.default = runLimbo(suite!, SIDECAR_POLICY);
    runs.pedantic = runLimbo(suite!, { ...SIDECAR_POLICY, pedantic: true });
    for (const [mode, s] of Object.entries(runs)) {
      console.log(
        `x509-limbo peer-sidecar ${mode}: ${s.conformant} conformant, ${s.nonConformant} non-conformant, ${s.skipped} skipped`,
      );
    }
  });

  it("beats Go's 124 conformant cases, in default and pedantic mode", () => {
    expect(runs.default.conformant).toBeGreaterThan(GO_CONFORMANT);
    expect(runs.pedantic.conformant).toBeGreaterThan(runs.default.conformant);
  });

  it("every remaining divergence is explained in exceptions.json (no more, no fewer)", () => {
    expect(divergent(runs.default)).toEqual(Object.keys(exceptions["peer-sidecar"]).sort());
    expect(divergent(runs.pedantic)).toEqual(Object.keys(exceptions["peer-sidecar-pedantic"]).sort());
  });
});
