import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import type { Enforcer } from "./decision";
import type { AuthorizationPolicyObject } from "./policy-object";
import { ap, req } from "./test-helpers";

const dryRun = { annotations: { "istio.io/dry-run": "true" } };
const decide = (
  policies: AuthorizationPolicyObject[],
  request = req(),
  enforcer: Enforcer = "sidecar",
  ambientDryRun = false,
) => authorize(compileAuthorization(policies, { enforcer, ambientDryRun }), request);

describe("istio.io/dry-run: shadow rules only, never enforced (builder.go isDryRun)", () => {
  it("a dry-run ALLOW alone enforces nothing; its shadow result says it would deny (dry-run-allow)", () => {
    const d = decide(
      [ap("foo/allow", { rules: [{ to: [{ operation: { paths: ["/allow"] } }] }] }, dryRun)],
      req({ path: "/x" }),
    );
    expect(d.decision).toBe("ALLOW");
    expect(d.shadow).toEqual([{ action: "ALLOW", matched: false, result: "DENY" }]);
    expect(d.applied).toEqual([{ policy: "foo/allow", action: "ALLOW", dryRun: true, matched: false }]);
  });

  it("a dry-run DENY that matches is only reported", () => {
    const d = decide([ap("foo/deny", { action: "DENY", rules: [{}] }, dryRun)]);
    expect(d.decision).toBe("ALLOW");
    expect(d.shadow).toEqual([
      { action: "DENY", matched: true, result: "DENY", policy: "foo/deny", ruleIndex: 0 },
    ]);
  });

  it("dry-run and enforced ALLOW side by side (dry-run-mix): only the enforced one decides", () => {
    const policies = [
      ap("foo/httpbin-1", { rules: [{ to: [{ operation: { paths: ["/allow"] } }] }] }, dryRun),
      ap(
        "foo/httpbin-2",
        { rules: [{ to: [{ operation: { paths: ["/another"] } }] }] },
        { annotations: { "istio.io/dry-run": "false" } },
      ),
    ];
    const d = decide(policies, req({ path: "/allow" }));
    expect(d.decision).toBe("DENY");
    expect(d.shadow).toEqual([
      { action: "ALLOW", matched: true, result: "ALLOW", policy: "foo/httpbin-1", ruleIndex: 0 },
    ]);
    expect(decide(policies, req({ path: "/another" })).decision).toBe("ALLOW");
  });

  it("an unparseable annotation means enforced, with a diagnostic", () => {
    const compiled = compileAuthorization(
      [ap("foo/deny", { action: "DENY", rules: [{}] }, { annotations: { "istio.io/dry-run": "yes" } })],
      {
        enforcer: "sidecar",
      },
    );
    expect(authorize(compiled, req()).decision).toBe("DENY");
    expect(compiled.diagnostics.map((x) => x.code)).toEqual(["MW6009"]);
  });
});

describe("dry-run in ambient (AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY)", () => {
  const policy = ap("foo/deny", { action: "DENY", rules: [{}] }, dryRun);

  it("without the flag the policy is not sent to ztunnel at all", () => {
    const d = decide([policy], req(), "ztunnel");
    expect(d.decision).toBe("ALLOW");
    expect(d.applied).toEqual([]);
    expect(d.notes.map((n) => n.effect)).toEqual(["policy-not-sent"]);
  });

  it("with the flag a matching dry-run DENY is only reported", () => {
    const d = decide([policy], req(), "ztunnel", true);
    expect(d.decision).toBe("ALLOW");
    expect(d.shadow).toEqual([
      { action: "DENY", matched: true, result: "DENY", policy: "foo/deny", ruleIndex: 0 },
    ]);
  });

  it("with the flag, dry-run ALLOW policies that do not match report the denial they would cause", () => {
    const allow = ap("foo/allow", { rules: [{ from: [{ source: { namespaces: ["bar"] } }] }] }, dryRun);
    const d = decide([allow], req(), "ztunnel", true);
    expect(d.decision).toBe("ALLOW");
    expect(d.shadow).toEqual([{ action: "ALLOW", matched: false, result: "DENY" }]);
  });
});
