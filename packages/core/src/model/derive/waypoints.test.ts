import { describe, expect, it } from "vitest";
import { codes, deployment, namespace, singleCluster } from "./test-support";
import { waypointBinding } from "./waypoint-binding";
import { isWaypointWorkload, waypointFor } from "./waypoints";

function gateway(name: string, className: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name, namespace: "default", labels },
    spec: { gatewayClassName: className, listeners: [{ name: "mesh", port: 15008, protocol: "HBONE" }] },
  };
}

describe("waypoint proxies derived from istio-waypoint Gateways (classinfo.go DisableNameSuffix)", () => {
  const { cluster, diagnostics } = singleCluster([
    namespace("default", { "istio.io/dataplane-mode": "ambient" }),
    gateway("waypoint", "istio-waypoint"),
    gateway("ingress", "istio"),
    deployment("default", "app"),
  ]);
  const waypoint = cluster.workloads.find((w) => w.owner.kind === "Gateway")!;

  it("one pod per waypoint Gateway, named <gateway>-<hash>, owned by the Gateway", () => {
    expect(diagnostics).toEqual([]);
    expect(cluster.workloads.filter((w) => w.owner.kind === "Gateway")).toHaveLength(1);
    expect(waypoint.name).toMatch(/^waypoint-[0-9a-f]{10}-[a-z0-9]{5}$/);
    expect(waypoint.owner).toEqual({ kind: "Gateway", name: "waypoint" });
    expect(waypoint.kind).toBe("Pod");
  });

  it("runs as the service account named like the Gateway, with that SPIFFE identity", () => {
    expect(waypoint.serviceAccount).toBe("waypoint");
    expect(waypoint.identity).toBe("spiffe://cluster.local/ns/default/sa/waypoint");
  });

  it("carries Istio's managed-gateway labels and is in neither dataplane (it terminates HBONE itself)", () => {
    expect(waypoint.labels["gateway.networking.k8s.io/gateway-name"]).toBe("waypoint");
    expect(waypoint.labels["gateway.istio.io/managed"]).toBe("istio.io-mesh-controller");
    expect(waypoint.dataplane).toBe("none");
    expect(isWaypointWorkload(waypoint)).toBe(true);
    expect(cluster.workloads.filter(isWaypointWorkload)).toEqual([waypoint]);
  });

  it("is placed on a node and given a pod address like other pods", () => {
    expect(waypoint.node).toBeDefined();
    expect(waypoint.ips).toHaveLength(1);
    const others = cluster.workloads.filter((w) => w !== waypoint).flatMap((w) => w.ips);
    expect(others).not.toContain(waypoint.ips[0]);
  });

  it("reports an unknown istio.io/waypoint-for value and treats it as service (waypoints.go)", () => {
    const bad = singleCluster([gateway("wp", "istio-waypoint", { "istio.io/waypoint-for": "everything" })]);
    expect(codes(bad.diagnostics)).toEqual(["MW2040"]);
    expect(bad.diagnostics[0]!.path).toContain("istio.io/waypoint-for");
    expect(waypointFor(bad.cluster.workloads[0]!.labels)).toBe("service");
    expect(waypointFor({ "istio.io/waypoint-for": "workload" })).toBe("workload");
  });
});

describe("waypoint binding (waypoints.go getUseWaypoint)", () => {
  const svc = (labels: Record<string, string>) => ({ namespace: "app", labels });

  it("the Service label wins over the Namespace label", () => {
    const b = waypointBinding(svc({ "istio.io/use-waypoint": "svc-wp" }), {
      "istio.io/use-waypoint": "ns-wp",
    });
    expect(b).toMatchObject({
      kind: "bound",
      source: "service",
      waypoint: { namespace: "app", name: "svc-wp" },
    });
  });

  it("falls back to the Namespace label, honouring istio.io/use-waypoint-namespace", () => {
    const b = waypointBinding(svc({}), {
      "istio.io/use-waypoint": "shared",
      "istio.io/use-waypoint-namespace": "infra",
    });
    expect(b).toMatchObject({
      kind: "bound",
      source: "namespace",
      waypoint: { namespace: "infra", name: "shared" },
    });
  });

  it("a Service labelled none opts out even when its namespace is bound", () => {
    expect(
      waypointBinding(svc({ "istio.io/use-waypoint": "none" }), { "istio.io/use-waypoint": "wp" }).kind,
    ).toBe("opted-out");
  });

  it("no label anywhere: unbound", () => {
    expect(waypointBinding(svc({}), {}).kind).toBe("unbound");
  });
});
