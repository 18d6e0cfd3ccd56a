import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadMesh, parseManifests } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { compile } from "../simulator/simulated-mesh";
import { whatIf } from "./what-if";

// The seed meshes ship with @meshwright/examples; sim must not depend on that package, so the test
// reads the files directly.
const SEED = fileURLToPath(
  new URL("../../../examples/meshes/seed-000-eks-ecs-aks-ambient/", import.meta.url),
);
const mesh = loadMesh(`${SEED}mesh.yaml`).mesh!;
const overlay = `${SEED}overlays/part-11-authorization-policies.yaml`;
const part11 = parseManifests(readFileSync(overlay, "utf8"), overlay).objects.map((o) => o.object);

describe("seed 000 Part 11: what the AuthorizationPolicies of app-a change (istio-semantics §2.3, §2.9)", () => {
  const sim = compile(mesh);
  const result = whatIf(sim, { kind: "apply", cluster: "aks-cluster", objects: part11 });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const { changes } = result.diff;

  it("changes exactly the pairs into aks-cluster/app-a, never a caller in namespace default", () => {
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change.destination).toBe("echo-service.app-a.svc.cluster.local:8080");
      expect(change.source).not.toMatch(/^[^/]+\/default\|/);
      expect(change.before.ok).toBe(true);
      expect(change.after).toMatchObject({ ok: false, name: "AUTHZ_DENIED_TCP" });
    }
  });

  it("ECS callers are denied with a connection reset; the EKS default caller stays allowed", () => {
    const ecs = changes.filter((c) => c.source.startsWith("eks-cluster/ecs-istio-multicloud-"));
    expect(ecs.map((c) => c.source.split("|")[0]).sort()).toEqual([
      "eks-cluster/ecs-istio-multicloud-1",
      "eks-cluster/ecs-istio-multicloud-2",
    ]);
    for (const c of ecs) expect(c.after.symptom).toMatch(/Connection reset by peer/);
    const allowed = result.after.request({
      from: "eks-cluster/default/eks-shell",
      to: "echo-service.app-a.svc.cluster.local:8080",
    });
    expect(allowed.outcome.ok).toBe(true);
    const authz = allowed.hops.flatMap((h) => h.decisions).find((d) => d.kind === "authz")!;
    expect(authz.decision).toBe("ALLOW (ALLOW app-a/allow-eks-default, rule 0)");
  });

  it("names the authz hop, the decision and the policies that now apply at the destination ztunnel", () => {
    for (const change of changes) {
      expect(change.hop?.after).toMatch(
        /^ztunnel aks-cluster\/ztunnel\/.* → app aks-cluster\/app-a\/echo-service.* FAILED$/,
      );
      expect(change.decision).toMatchObject({ kind: "authz", before: "ALLOW", after: "DENY" });
      expect(change.decision?.policies?.before).toEqual([]);
      expect([...(change.decision?.policies?.after ?? [])].sort()).toEqual([
        "app-a/allow-eks-default",
        "app-a/deny-all",
      ]);
      expect(change.why).toContain("app-a/deny-all");
    }
  });

  it("simulates only the column the policies can reach", () => {
    // One destination (echo-service:8080), both sides, plus the traces of the changed pairs.
    expect(result.diff.compared).toBe(5);
  });
});
