import { describe, expect, it } from "vitest";
import type { Hop } from "../trace/hop";
import type { Trace } from "../trace/trace";
import { traceDifference, whyChanged } from "./trace-difference";

const hop = (index: number, decisions: [string, string][], over: Partial<Hop> = {}): Hop => ({
  index,
  from: { role: "sidecar", id: "c1/shop/web-1" },
  to: { role: "sidecar", id: `c1/shop/api-${index}`, address: `10.0.0.${index}:8080` },
  protocol: "mTLS",
  tls: [],
  decisions: decisions.map(([kind, decision]) => ({ kind, decision, reason: `${kind} rule` })),
  ...over,
});

const trace = (hops: Hop[]): Trace => ({
  request: { from: "c1/shop/web", to: "api:8080", method: "GET", host: "api", port: 8080, path: "/" },
  source: {
    workload: "c1/shop/web-1",
    cluster: "c1",
    network: "n1",
    identity: "spiffe://x",
    dataplane: "sidecar",
  },
  outcome: { ok: true },
  symptom: "HTTP 200",
  hops,
  faults: [],
});

describe("traceDifference: where two traces of one request part ways", () => {
  it("identical traces have no difference", () => {
    const t = trace([hop(0, [["route", "r1"]]), hop(1, [["authz", "ALLOW"]])]);
    expect(traceDifference(t, t)).toEqual({});
  });

  it("a decision that differs at an otherwise equal hop is reported with that hop", () => {
    const before = trace([hop(0, [["route", "r1"]]), hop(1, [["authz", "ALLOW"]])]);
    const after = trace([hop(0, [["route", "r1"]]), hop(1, [["authz", "DENY"]], { failed: true })]);
    const difference = traceDifference(before, after);
    expect(difference.hop).toMatchObject({ index: 1 });
    expect(difference.hop?.after).toMatch(/FAILED$/);
    expect(difference.decision).toEqual({
      hop: 1,
      kind: "authz",
      before: "ALLOW",
      after: "DENY",
      reason: "authz rule",
    });
  });

  it("a missing hop is a difference with one side only", () => {
    const before = trace([hop(0, [["route", "r1"]]), hop(1, [])]);
    const after = trace([hop(0, [["route", "r1"]])]);
    expect(traceDifference(before, after).hop).toEqual({ index: 1, before: expect.any(String) });
  });

  it("says why in one line: the new failure, or the failure that no longer happens", () => {
    const ok = { ok: true, servedBy: {} };
    const denied = {
      ok: false,
      code: "MW6505",
      name: "AUTHZ_DENIED_HTTP",
      reason: "no ALLOW policy matched",
      servedBy: {},
    };
    expect(whyChanged(ok, denied)).toBe("AUTHZ_DENIED_HTTP: no ALLOW policy matched");
    expect(whyChanged(denied, ok, { hop: 1, kind: "authz", after: "ALLOW" })).toBe(
      "AUTHZ_DENIED_HTTP no longer happens; now authz: ALLOW",
    );
  });
});
