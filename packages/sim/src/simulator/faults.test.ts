import { createMesh, type KubeObject, type Mesh } from "@meshwright/core";
import { loadSeed } from "@meshwright/examples";
import { describe, expect, it } from "vitest";
import { compile, type Fault, type Trace } from "..";

/**
 * Injected faults on the seed meshes: the outcome code and the symptom each fault produces, and
 * what the distribution and the endpoint tables say about it (istio-semantics §1.4, §1.8, §3.3–3.6,
 * §4.4). Requests are repeated with different request keys so both the local and the remote picks
 * of the seeded load balancer are seen.
 */

const SEEDS = new Map<string, Mesh>();

/** A seed mesh (loaded once per stage; the model is immutable). */
function seed(id: string, stage?: string): Mesh {
  const key = `${id}/${stage ?? ""}`;
  let mesh = SEEDS.get(key);
  if (!mesh) {
    const loaded = loadSeed(id, stage ? { stage } : {});
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    mesh = loaded.mesh!;
    SEEDS.set(key, mesh);
  }
  return mesh;
}

/** The mesh with `objects` added to `cluster`'s manifests (and those matching `drop` removed), re-derived. */
function withObjects(
  mesh: Mesh,
  cluster: string,
  objects: readonly KubeObject[],
  drop?: (o: KubeObject) => boolean,
): Mesh {
  const result = createMesh({
    ...mesh,
    clusters: mesh.clusters.map((c) =>
      c.name === cluster ? { ...c, resources: [...c.resources.filter((o) => !drop?.(o)), ...objects] } : c,
    ),
  });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.mesh;
}

/** A DestinationRule for `host` with `outlierDetection`, merged with `trafficPolicy`. */
function rule(namespace: string, host: string, trafficPolicy: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name: "outlier-detection", namespace },
    spec: {
      host,
      trafficPolicy: {
        outlierDetection: { consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "1m" },
        ...trafficPolicy,
      },
    },
  };
}

/** The mesh with a DestinationRule setting only `outlierDetection` for `host`, in `cluster`'s config. */
function withOutlierDetection(mesh: Mesh, cluster: string, namespace: string, host: string): Mesh {
  return withObjects(mesh, cluster, [rule(namespace, host)]);
}

/** Twenty requests (`curl` in a loop): the traces, and their outcomes counted by name (or `OK:<cluster>`). */
function loop(mesh: Mesh, faults: readonly Fault[], from: string, to: string) {
  const sim = compile(mesh, { faults });
  const traces: Trace[] = [];
  const outcomes: Record<string, number> = {};
  for (let key = 0; key < 20; key++) {
    const trace = sim.request({ from, to, requestKey: `${key}` });
    traces.push(trace);
    const name = trace.outcome.ok ? `OK:${trace.endpoint?.cluster}` : trace.outcome.name;
    outcomes[name] = (outcomes[name] ?? 0) + 1;
  }
  return { sim, traces, outcomes, failed: traces.filter((t) => !t.outcome.ok) };
}

const HELLOWORLD = "helloworld.sample:5000/hello";
const SLEEP_1 = "cluster1/sample/sleep";
const CURL_1 = "cluster1/sample/curl";
const EKS_SHELL = "eks-cluster/default/eks-shell";
const AKS_ECHO = "echo-service.app-a.svc.cluster.local:8080";

describe("gateway-down: the gateway's Service keeps its address, so istiod keeps advertising it", () => {
  it("seed 001: requests split to the cluster2 gateway fail GATEWAY_UNREACHABLE (MW5006); the local ones succeed", () => {
    const { outcomes, failed, sim } = loop(
      seed("001"),
      [{ kind: "gateway-down", cluster: "cluster2" }],
      CURL_1,
      HELLOWORLD,
    );
    expect(Object.keys(outcomes).sort()).toEqual(["GATEWAY_UNREACHABLE", "OK:cluster1"]);
    expect(failed[0]!.outcome).toMatchObject({ code: "MW5006", name: "GATEWAY_UNREACHABLE" });
    expect(failed[0]!.symptom).toContain("HTTP 503: upstream connect error");
    expect(failed[0]!.hops.at(-1)).toMatchObject({ failed: true, to: { role: "eastwest-gateway" } });
    // Without outlierDetection nothing ejects the dead gateway: half the requests keep going there.
    expect(sim.distribution(CURL_1, "helloworld.sample", 5000).byCluster.cluster2).toBeCloseTo(0.5, 9);
  });

  it("seed 000 (ambient): ztunnel's double HBONE to the AKS gateway fails GATEWAY_UNREACHABLE (ztunnel has no outlier detection, §1.10)", () => {
    const { outcomes, failed } = loop(
      seed("000"),
      [{ kind: "gateway-down", cluster: "aks-cluster" }],
      EKS_SHELL,
      AKS_ECHO,
    );
    expect(outcomes).toEqual({ GATEWAY_UNREACHABLE: 20 });
    expect(failed[0]!.hops.at(-1)).toMatchObject({ protocol: "double HBONE", failed: true });
  });

  it("seed 004 with outlierDetection in cluster1: the dead gateway host is ejected and traffic stays in cluster1", () => {
    const mesh = withOutlierDetection(
      seed("004", "before-cluster-local-routing"),
      "cluster1",
      "sample",
      "helloworld.sample.svc.cluster.local",
    );
    const { outcomes, sim } = loop(
      mesh,
      [{ kind: "gateway-down", cluster: "cluster2" }],
      SLEEP_1,
      HELLOWORLD,
    );
    expect(outcomes).toEqual({ "OK:cluster1": 20 });
    const table = sim.endpoints(SLEEP_1, "helloworld.sample", 5000);
    expect(table.rows.find((r) => r.kind === "gateway")).toMatchObject({
      cluster: "cluster2",
      status: "UNHEALTHY",
    });
    expect(sim.distribution(SLEEP_1, "helloworld.sample", 5000).explanation.join("\n")).toMatch(
      /outlier detection ejected 1 host/,
    );
  });
});

describe("gateway-no-address: the LoadBalancer is pending, istiod drops the gateway (§3.2)", () => {
  it("seed 004 (sidecars): cluster2's endpoints are sent direct to their pod IPs (§3.3 step 4: a gateway-less remote network is 'directly reachable'), which fails DIRECT_TO_UNREACHABLE_NETWORK (MW5003)", () => {
    const { outcomes, failed, sim } = loop(
      seed("004", "before-cluster-local-routing"),
      [{ kind: "gateway-no-address", cluster: "cluster2" }],
      SLEEP_1,
      HELLOWORLD,
    );
    expect(Object.keys(outcomes).sort()).toEqual(["DIRECT_TO_UNREACHABLE_NETWORK", "OK:cluster1"]);
    expect(failed[0]!.outcome).toMatchObject({ code: "MW5003" });
    expect(failed[0]!.symptom).toContain("pod IP of another network");
    const rows = sim.endpoints(SLEEP_1, "helloworld.sample", 5000).rows;
    expect(rows.map((r) => [r.kind, r.cluster])).toEqual([
      ["workload", "cluster1"],
      ["workload", "cluster2"],
    ]);
  });

  it("seed 001 (sidecars, hostname NLB): the same — no gateway pseudo-endpoint remains, v2 is sent direct", () => {
    const { outcomes, sim } = loop(
      seed("001"),
      [{ kind: "gateway-no-address", cluster: "cluster2" }],
      CURL_1,
      HELLOWORLD,
    );
    expect(outcomes.DIRECT_TO_UNREACHABLE_NETWORK).toBeGreaterThan(0);
    const rows = sim.endpoints(CURL_1, "helloworld.sample", 5000).rows;
    expect(rows.some((r) => r.kind === "gateway")).toBe(false);
    expect(rows.find((r) => r.cluster === "cluster2")?.kind).toBe("workload");
  });

  it("seed 000 (ambient): istiod builds no split-horizon workload without a gateway (§3.5), so ztunnel fails ZTUNNEL_NO_NETWORK_GATEWAY (MW5005), never direct", () => {
    const { outcomes, failed, sim } = loop(
      seed("000"),
      [{ kind: "gateway-no-address", cluster: "aks-cluster" }],
      EKS_SHELL,
      AKS_ECHO,
    );
    expect(outcomes).toEqual({ ZTUNNEL_NO_NETWORK_GATEWAY: 20 });
    expect(failed[0]!.outcome).toMatchObject({ code: "MW5005" });
    expect(failed[0]!.symptom).toBe(
      "curl: (56) Recv failure: Connection reset by peer (ztunnel: no network gateway for the destination network)",
    );
    expect(sim.endpoints(EKS_SHELL, "echo-service.app-a.svc.cluster.local", 8080).rows).toEqual([]);
  });
});

describe("cluster-down: the cluster's pods and gateways are gone, other istiods keep its endpoints (stale, §4.4)", () => {
  it("seed 002 (one network): the stale echoserver endpoint keeps 100 % and every request fails UPSTREAM_CONNECT_FAILURE (MW5002)", () => {
    const { outcomes, failed, sim } = loop(
      seed("002"),
      [{ kind: "cluster-down", cluster: "aks-cluster-one" }],
      "aks-cluster-two/echoserver/curlclient",
      "echoserver:8080",
    );
    expect(outcomes).toEqual({ UPSTREAM_CONNECT_FAILURE: 20 });
    expect(failed[0]!.symptom).toContain("(Envoy response flag UF)");
    expect(sim.distribution("aks-cluster-two/echoserver/curlclient", "echoserver", 8080).byCluster).toEqual({
      "aks-cluster-one": 1,
    });
  });

  it("seed 002 with outlierDetection: the only host is ejected (Envoy ejects at least one host), panic is off (threshold 0), so NO_HEALTHY_UPSTREAM (MW5001)", () => {
    const mesh = withOutlierDetection(
      seed("002"),
      "aks-cluster-two",
      "echoserver",
      "echoserver.echoserver.svc.cluster.local",
    );
    const { outcomes, failed } = loop(
      mesh,
      [{ kind: "cluster-down", cluster: "aks-cluster-one" }],
      "aks-cluster-two/echoserver/curlclient",
      "echoserver:8080",
    );
    expect(outcomes).toEqual({ NO_HEALTHY_UPSTREAM: 20 });
    expect(failed[0]!.symptom).toBe("HTTP 503: no healthy upstream (Envoy response flag UH)");
  });

  it("seed 004: the share through cluster2's (dead) gateway fails GATEWAY_UNREACHABLE; with outlierDetection it is ejected and traffic fails over to cluster1", () => {
    const base = seed("004", "before-cluster-local-routing");
    const faults: Fault[] = [{ kind: "cluster-down", cluster: "cluster2" }];
    const stale = loop(base, faults, SLEEP_1, HELLOWORLD);
    expect(Object.keys(stale.outcomes).sort()).toEqual(["GATEWAY_UNREACHABLE", "OK:cluster1"]);
    expect(stale.sim.distribution(SLEEP_1, "helloworld.sample", 5000).byCluster.cluster2).toBeCloseTo(0.5, 9);
    const mesh = withOutlierDetection(base, "cluster1", "sample", "helloworld.sample.svc.cluster.local");
    const ejected = loop(mesh, faults, SLEEP_1, HELLOWORLD);
    expect(ejected.outcomes).toEqual({ "OK:cluster1": 20 });
    expect(ejected.sim.distribution(SLEEP_1, "helloworld.sample", 5000).byCluster).toEqual({ cluster1: 1 });
  });

  it("seed 000 (ambient): the AKS gateway is gone with its cluster; ztunnel keeps sending there (GATEWAY_UNREACHABLE)", () => {
    const { outcomes } = loop(
      seed("000"),
      [{ kind: "cluster-down", cluster: "aks-cluster" }],
      EKS_SHELL,
      AKS_ECHO,
    );
    expect(outcomes).toEqual({ GATEWAY_UNREACHABLE: 20 });
  });
});

describe("Envoy max_ejection_percent (default 10 %, but at least one host; istiod sets it only when > 0)", () => {
  const client = "aks-cluster-two/echoserver/curlclient";
  const host = "echoserver.echoserver.svc.cluster.local";
  /** Seed 002 with three echoserver pods in each cluster; cluster one then goes down. */
  function spread(trafficPolicy: Record<string, unknown>): Mesh {
    const base = seed("002");
    const deployment = base.clusters[0]!.resources.find(
      (o) => o.kind === "Deployment" && o.metadata.name === "echoserver",
    )!;
    const three = { ...deployment, spec: { ...(deployment.spec as object), replicas: 3 } } as KubeObject;
    const isEchoserver = (o: KubeObject) => o.kind === "Deployment" && o.metadata.name === "echoserver";
    const one = withObjects(base, "aks-cluster-one", [three], isEchoserver);
    // Locality LB off: every host is in priority 0, so the dead ones keep receiving requests until ejected.
    return withObjects(one, "aks-cluster-two", [
      three,
      rule("echoserver", host, { loadBalancer: { localityLbSetting: { enabled: false } }, ...trafficPolicy }),
    ]);
  }
  const faults: Fault[] = [{ kind: "cluster-down", cluster: "aks-cluster-one" }];

  it("default cap: of 6 hosts only 1 may be ejected, so 2 dead hosts keep 2/5 of the requests (UPSTREAM_CONNECT_FAILURE)", () => {
    const sim = compile(spread({}), { faults });
    const d = sim.distribution(client, "echoserver", 8080);
    expect(d.byCluster["aks-cluster-one"]).toBeCloseTo(2 / 5, 9);
    expect(d.explanation.join("\n")).toMatch(
      /max_ejection_percent 10% of 6 hosts allows 1; 2 failing host\(s\) stay/,
    );
    const { outcomes } = loop(spread({}), faults, client, "echoserver:8080");
    expect(outcomes.UPSTREAM_CONNECT_FAILURE).toBeGreaterThan(0);
    expect(outcomes["OK:aks-cluster-two"]).toBeGreaterThan(0);
  });

  it("maxEjectionPercent 100: all 3 dead hosts are ejected and every request is served by cluster two", () => {
    const mesh = spread({
      outlierDetection: {
        consecutive5xxErrors: 1,
        interval: "1s",
        baseEjectionTime: "1m",
        maxEjectionPercent: 100,
      },
    });
    const { outcomes, sim } = loop(mesh, faults, client, "echoserver:8080");
    expect(outcomes).toEqual({ "OK:aks-cluster-two": 20 });
    const table = sim.endpoints(client, "echoserver", 8080);
    expect(table.rows.filter((r) => r.status === "UNHEALTHY").map((r) => r.cluster)).toEqual([
      "aks-cluster-one",
      "aks-cluster-one",
      "aks-cluster-one",
    ]);
  });

  it("consecutive5xxErrors: 0 without consecutiveGatewayErrors disables ejection (enforcing 0 %)", () => {
    const mesh = spread({
      outlierDetection: { consecutive5xxErrors: 0, interval: "1s", maxEjectionPercent: 100 },
    });
    const d = compile(mesh, { faults }).distribution(client, "echoserver", 8080);
    expect(d.byCluster["aks-cluster-one"]).toBeCloseTo(0.5, 9);
  });
});

describe("partition: no traffic between two networks", () => {
  it("seed 001: the cross-network share fails NETWORK_PARTITION (MW5009) at the hop to the gateway", () => {
    const { outcomes, failed } = loop(
      seed("001"),
      [{ kind: "partition", networks: ["network1", "network2"] }],
      CURL_1,
      HELLOWORLD,
    );
    expect(Object.keys(outcomes).sort()).toEqual(["NETWORK_PARTITION", "OK:cluster1"]);
    expect(failed[0]!.outcome).toMatchObject({ code: "MW5009" });
    expect(failed[0]!.symptom).toContain("(network partition)");
  });

  it("seed 000 (ambient): every EKS → AKS connection fails NETWORK_PARTITION", () => {
    const { outcomes } = loop(
      seed("000"),
      [{ kind: "partition", networks: ["network2", "network1"] }],
      EKS_SHELL,
      AKS_ECHO,
    );
    expect(outcomes).toEqual({ NETWORK_PARTITION: 20 });
  });

  it("seed 004 with outlierDetection: the unreachable gateway is ejected, traffic stays on network1", () => {
    const mesh = withOutlierDetection(
      seed("004", "before-cluster-local-routing"),
      "cluster1",
      "sample",
      "helloworld.sample.svc.cluster.local",
    );
    const { outcomes } = loop(
      mesh,
      [{ kind: "partition", networks: ["network1", "network2"] }],
      SLEEP_1,
      HELLOWORLD,
    );
    expect(outcomes).toEqual({ "OK:cluster1": 20 });
  });
});

describe("remote-api-unreachable: an istiod loses a remote cluster's API server", () => {
  const productpage = "cluster1/bookinfo/productpage-v1";
  const reviews = "reviews:9080/reviews/0";

  it("seed 004, mode none (never synced): cluster2's endpoints vanish from cluster1's view; reviews (only in cluster2) has no endpoint: NO_HEALTHY_UPSTREAM", () => {
    const faults: Fault[] = [
      { kind: "remote-api-unreachable", istiod: "cluster1", remote: "cluster2", mode: "none" },
    ];
    const { outcomes, sim } = loop(seed("004"), faults, productpage, reviews);
    expect(outcomes).toEqual({ NO_HEALTHY_UPSTREAM: 20 });
    expect(sim.endpoints(productpage, "reviews", 9080).rows).toEqual([]);
    const hello = compile(seed("004", "before-cluster-local-routing"), { faults });
    expect(hello.distribution(SLEEP_1, "helloworld.sample", 5000).byCluster).toEqual({ cluster1: 1 });
  });

  it("seed 004, mode stale: the last known endpoints stay, and since cluster2 itself is up, the calls still succeed", () => {
    const faults: Fault[] = [
      { kind: "remote-api-unreachable", istiod: "cluster1", remote: "cluster2", mode: "stale" },
    ];
    const { outcomes, sim } = loop(seed("004"), faults, productpage, reviews);
    expect(outcomes).toEqual({ "OK:cluster2": 20 });
    expect(sim.endpoints(productpage, "reviews", 9080).rows.map((r) => r.kind)).toEqual(["gateway"]);
  });

  it("seed 000 (ambient), mode none: the AKS-only service is unknown to EKS's istiod, so ztunnel's DNS proxy cannot answer it (NXDOMAIN); stale still resolves and connects", () => {
    const none = loop(
      seed("000"),
      [{ kind: "remote-api-unreachable", istiod: "eks-cluster", remote: "aks-cluster", mode: "none" }],
      EKS_SHELL,
      AKS_ECHO,
    );
    expect(none.outcomes).toEqual({ DNS_NXDOMAIN: 20 });
    const stale = loop(
      seed("000"),
      [{ kind: "remote-api-unreachable", istiod: "eks-cluster", remote: "aks-cluster", mode: "stale" }],
      EKS_SHELL,
      AKS_ECHO,
    );
    expect(stale.outcomes).toEqual({ "OK:aks-cluster": 20 });
  });
});

describe("unhealthy: readiness fails, the workloads leave EDS / WDS (§1.2 step 1, §1.10 step 1)", () => {
  it("seed 001: an unready helloworld-v2 leaves cluster1's distribution and endpoint table; every request lands on v1", () => {
    const mesh = seed("001");
    const v2 = mesh.clusters.flatMap((c) => c.workloads).filter((w) => w.owner.name === "helloworld-v2");
    const { outcomes, sim } = loop(
      mesh,
      [{ kind: "unhealthy", workloads: v2.map((w) => w.id) }],
      CURL_1,
      HELLOWORLD,
    );
    expect(outcomes).toEqual({ "OK:cluster1": 20 });
    expect(sim.distribution(CURL_1, "helloworld.sample", 5000).byCluster).toEqual({ cluster1: 1 });
    expect(sim.endpoints(CURL_1, "helloworld.sample", 5000).rows.map((r) => r.cluster)).toEqual(["cluster1"]);
  });

  it("seed 000 (ambient): with both AKS echo pods unready, the split-horizon workload has no healthy member: ZTUNNEL_NO_HEALTHY_UPSTREAM (MW5004)", () => {
    const mesh = seed("000");
    const echo = mesh.clusters
      .flatMap((c) => c.workloads)
      .filter((w) => w.cluster === "aks-cluster" && w.owner.name === "echo-service");
    const { outcomes, failed, sim } = loop(
      mesh,
      [{ kind: "unhealthy", workloads: echo.map((w) => w.id) }],
      EKS_SHELL,
      AKS_ECHO,
    );
    expect(outcomes).toEqual({ ZTUNNEL_NO_HEALTHY_UPSTREAM: 20 });
    expect(failed[0]!.outcome).toMatchObject({ code: "MW5004" });
    expect(sim.distribution(EKS_SHELL, "echo-service.app-a.svc.cluster.local", 8080).rows).toEqual([]);
    expect(sim.endpoints(EKS_SHELL, "echo-service.app-a.svc.cluster.local", 8080).rows).toMatchObject([
      { kind: "split-horizon", status: "UNHEALTHY" },
    ]);
  });

  it("seed 000 (ambient): one unready AKS pod leaves the other to take every connection through the gateway", () => {
    const mesh = seed("000");
    const [first, second] = mesh.clusters
      .flatMap((c) => c.workloads)
      .filter((w) => w.cluster === "aks-cluster" && w.owner.name === "echo-service");
    const { traces, sim } = loop(mesh, [{ kind: "unhealthy", workloads: [first!.id] }], EKS_SHELL, AKS_ECHO);
    expect(new Set(traces.map((t) => t.endpoint?.workload))).toEqual(new Set([second!.id]));
    const rows = sim.distribution(EKS_SHELL, "echo-service.app-a.svc.cluster.local", 8080).rows;
    expect(rows.map((r) => [r.workload, r.share])).toEqual([[second!.id, 1]]);
  });
});
