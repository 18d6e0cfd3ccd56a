import { createMesh } from "@meshwright/core";
import { arbMeshSpec } from "@meshwright/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reachabilityMatrix } from "../matrix/reachability-matrix";
import { deployment, istio, namespace, service, testMesh } from "../matrix/test-support";
import { compile } from "../simulator/simulated-mesh";
import { authzHop, explainAuthorization } from "./authz-explanation";

describe("explainAuthorization: the full decision behind a trace's authz hop (istio-semantics §2)", () => {
  it("decides what the trace decided, for every request that reached a server proxy (property)", () => {
    fc.assert(
      fc.property(
        arbMeshSpec({ maxClusters: 2, maxNamespaces: 2, maxDeployments: 2 }).map((s) =>
          compile(createMesh(s).mesh),
        ),
        (sim) => {
          const matrix = reachabilityMatrix(sim);
          for (const cell of matrix.cells) {
            const destination = matrix.destinations.find((d) => d.id === cell.destination)!;
            const trace = sim.request({ from: cell.sample, to: destination.url });
            const explanation = explainAuthorization(sim, trace);
            if (authzHop(trace) === undefined) expect(explanation).toBeUndefined();
            else expect(explanation?.consistent, `${cell.sample} → ${destination.url}`).toBe(true);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it("lists the applied policies, the deciding rule, the PeerAuthentication and the dry-run shadow", () => {
    const sim = compile(
      testMesh([
        {
          name: "c1",
          objects: [
            namespace("shop"),
            deployment("shop", "web"),
            deployment("shop", "api"),
            service("shop", "api"),
            istio("PeerAuthentication", "shop", "strict", { mtls: { mode: "STRICT" } }),
            istio("AuthorizationPolicy", "shop", "allow-web", {
              selector: { matchLabels: { app: "api" } },
              rules: [{ from: [{ source: { principals: ["cluster.local/ns/shop/sa/web"] } }] }],
            }),
            {
              ...istio("AuthorizationPolicy", "shop", "deny-get-dry", {
                action: "DENY",
                rules: [{ to: [{ operation: { methods: ["GET"] } }] }],
              }),
              metadata: {
                name: "deny-get-dry",
                namespace: "shop",
                annotations: { "istio.io/dry-run": "true" },
              },
            },
          ],
        },
      ]),
    );
    const trace = sim.request({ from: "c1/shop/web", to: "http://api.shop.svc.cluster.local:8080/" });
    const explanation = explainAuthorization(sim, trace)!;
    expect(explanation.enforcer).toBe("sidecar");
    expect(explanation.request.source).toMatchObject({
      principal: "cluster.local/ns/shop/sa/web",
      mtls: true,
    });
    expect(explanation.decision.deciding).toMatchObject({ policy: "shop/allow-web", action: "ALLOW" });
    expect(explanation.decision.applied.map((p) => p.policy).sort()).toEqual([
      "shop/allow-web",
      "shop/deny-get-dry",
    ]);
    expect(explanation.decision.peerAuthentication?.mode).toBe("STRICT");
    expect(explanation.decision.shadow.some((s) => s.action === "DENY" && s.matched)).toBe(true);
    expect(explanation.consistent).toBe(true);
  });
});
