import { describe, expect, it } from "vitest";
import { PART_11, run, SEED_000 } from "./cli-test-support";

describe("meshwright authz", () => {
  it("explains an allowed request: enforcer, PeerAuthentication, verdict (exit 0)", async () => {
    const { code, stdout } = await run(
      "authz",
      "--mesh",
      SEED_000,
      "--from",
      "eks-cluster/default/eks-shell",
      "--to",
      "echo-service.app-a.svc.cluster.local:8080",
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/enforcer: ztunnel for aks-cluster\/app-a\/echo-service/);
    expect(stdout).toMatch(/mTLS peer cluster\.local\/ns\/default\/sa\/default/);
    expect(stdout).toMatch(/decision: ALLOW/);
    expect(stdout).toContain("policies: none apply to this workload");
  });

  it("prints the decision as JSON with every applied policy", async () => {
    const { code, stdout } = await run(
      "authz",
      "--mesh",
      SEED_000,
      "--from",
      "aks-cluster/app-a/shell",
      "--to",
      "echo-service.app-a.svc.cluster.local:8080",
      "-o",
      "json",
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed.explanation.enforcer).toBe("ztunnel");
    expect(parsed.explanation.decision.decision).toBe("ALLOW");
  });

  it("turns a bad workload reference into a usage error without a stack trace", async () => {
    const { code, stderr } = await run("authz", "--mesh", SEED_000, "--from", "nowhere", "--to", "x:1");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^meshwright: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("has examples in --help", async () => {
    const { stdout } = await run("authz", "--help");
    expect(stdout).toContain("Examples:");
    expect(PART_11).toMatch(/part-11/);
  });
});
