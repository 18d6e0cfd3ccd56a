import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import type { Enforcer } from "./decision";
import { ap, req } from "./test-helpers";

// shared/seeds/000 Part 11: in AKS namespace app-a (ambient), deny-all `spec: {}` plus an ALLOW from
// namespace `default` on port 8080. EKS `default` → AKS echo-service succeeds; ECS → AKS is reset.
const PART_11 = [
  ap("app-a/deny-all", {}),
  ap("app-a/allow-eks-default", {
    action: "ALLOW",
    rules: [{ from: [{ source: { namespaces: ["default"] } }], to: [{ operation: { ports: ["8080"] } }] }],
  }),
];
const echo = { namespace: "app-a", labels: { app: "echo-service" } };
const call = (principal: string, enforcer: Enforcer = "ztunnel", port = 8080) =>
  authorize({
    resources: PART_11,
    workload: echo,
    enforcer,
    request: req({
      principal,
      port,
      destinationIp: "10.244.1.7",
      host: "echo-service.app-a.svc.cluster.local:8080",
    }),
  });

describe("seed 000 Part 11: cross-cloud authorization by mesh identity", () => {
  it("EKS `default` → AKS app-a:8080 is allowed by allow-eks-default", () => {
    const d = call("cluster.local/ns/default/sa/eks-shell");
    expect(d.decision).toBe("ALLOW");
    expect(d.deciding).toEqual({ policy: "app-a/allow-eks-default", action: "ALLOW", ruleIndex: 0 });
  });

  it("ECS (namespace ecs-demo-1) → AKS is denied with a connection reset", () => {
    const d = call("cluster.local/ns/ecs-demo-1/sa/echo-service");
    expect(d.decision).toBe("DENY");
    expect(d.symptom).toMatch(/connection reset/);
    expect(d.applied.map((a) => [a.policy, a.matched])).toEqual([
      ["app-a/allow-eks-default", false],
      ["app-a/deny-all", false],
    ]);
  });

  it("deny-all alone denies even EKS `default`; another port is denied too", () => {
    const alone = authorize({
      resources: [PART_11[0]!],
      workload: echo,
      enforcer: "ztunnel",
      request: req({ principal: "cluster.local/ns/default/sa/eks-shell" }),
    });
    expect(alone.decision).toBe("DENY");
    expect(call("cluster.local/ns/default/sa/eks-shell", "ztunnel", 9090).decision).toBe("DENY");
  });

  it("the same policies give the same answers at a sidecar (403 instead of a reset)", () => {
    expect(call("cluster.local/ns/default/sa/eks-shell", "sidecar").decision).toBe("ALLOW");
    expect(call("cluster.local/ns/ecs-demo-1/sa/echo-service", "sidecar").symptom).toMatch(/403/);
  });
});
