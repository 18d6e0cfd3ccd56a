import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAddress, parseCidr } from "./cidr";
import { codes, deployment, namespace, pod, singleCluster } from "./test-support";

function inCidr(cidr: string, address: string): boolean {
  const range = parseCidr(cidr);
  const parsed = parseAddress(address);
  if (!range.ok || !parsed.ok) return false;
  const offset = parsed.value - range.range.network - range.range.first;
  return offset >= 0n && offset < range.range.size;
}

describe("pods from controllers (one workload per replica)", () => {
  it("Deployment replicas get `<name>-<10 hex>-<5 chars>` names, StatefulSet `<name>-<i>`", () => {
    const { cluster } = singleCluster([
      deployment("sample", "web", { replicas: 3 }),
      deployment("sample", "db", { replicas: 2, kind: "StatefulSet" }),
    ]);
    const names = cluster.workloads.map((w) => w.name);
    expect(names.filter((n) => n.startsWith("db-"))).toEqual(["db-0", "db-1"]);
    const web = names.filter((n) => n.startsWith("web-"));
    expect(web).toHaveLength(3);
    for (const name of web) expect(name).toMatch(/^web-[0-9a-f]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(new Set(web.map((n) => n.slice(0, 14))).size).toBe(1);
  });

  it("replicas default to 1; 0 replicas give no pod; a bad replicas value is an error", () => {
    const { cluster, diagnostics } = singleCluster([
      deployment("sample", "one"),
      deployment("sample", "none", { replicas: 0 }),
      {
        ...deployment("sample", "bad"),
        spec: { ...(deployment("sample", "bad").spec as object), replicas: "3" },
      },
    ]);
    expect(cluster.workloads.map((w) => w.owner.name)).toEqual(["one"]);
    expect(codes(diagnostics)).toEqual(["MW2029"]);
    expect(diagnostics[0]!.path).toBe("$.spec.clusters[0].resources[2].spec.replicas");
  });

  it("DaemonSet: one pod per eligible node", () => {
    const ds = deployment("kube-system", "agent", {
      kind: "DaemonSet",
      podSpec: { nodeSelector: { "topology.kubernetes.io/zone": "us-east-2b" } },
    });
    const { cluster } = singleCluster([deployment("x", "all", { kind: "DaemonSet" }), ds]);
    expect(
      cluster.workloads
        .filter((w) => w.owner.name === "all")
        .map((w) => w.node)
        .sort(),
    ).toEqual(["node-a", "node-b"]);
    expect(cluster.workloads.filter((w) => w.owner.name === "agent").map((w) => w.node)).toEqual(["node-b"]);
  });

  it("kubectl dumps: a controller whose ReplicaSet or Pods are present is not expanded again", () => {
    const owned = (kind: string, name: string) => ({ ownerReferences: [{ kind, name, controller: true }] });
    const rs = { ...deployment("s", "web-abc", { kind: "ReplicaSet", replicas: 2 }) };
    const rsOwned = { ...rs, metadata: { ...rs.metadata, ...owned("Deployment", "web") } };
    const pods = [0, 1].map((i) =>
      pod("s", `web-abc-${i}`, { labels: { app: "web" }, metadata: owned("ReplicaSet", "web-abc") }),
    );
    const { cluster } = singleCluster([deployment("s", "web", { replicas: 2 }), rsOwned, ...pods]);
    expect(cluster.workloads.map((w) => w.name)).toEqual(["web-abc-0", "web-abc-1"]);
  });

  it("Pod objects keep their name, labels, and serviceAccountName (default `default`)", () => {
    const { cluster } = singleCluster([
      pod("s", "p1", { labels: { app: "a" }, spec: { serviceAccountName: "reader" } }),
      pod("s", "p2"),
    ]);
    expect(cluster.workloads.map((w) => [w.name, w.serviceAccount, w.owner])).toEqual([
      ["p1", "reader", { kind: "Pod", name: "p1" }],
      ["p2", "default", { kind: "Pod", name: "p2" }],
    ]);
  });

  it("identity is spiffe://<trustDomain>/ns/<ns>/sa/<sa>", () => {
    const { cluster } = singleCluster(
      [deployment("shop", "cart", { podSpec: { serviceAccountName: "cart-sa" } })],
      {},
      { trustDomain: "example.org" },
    );
    expect(cluster.workloads[0]!.identity).toBe("spiffe://example.org/ns/shop/sa/cart-sa");
  });

  it("workload ports come from containers (istio-proxy excluded), protocol default TCP", () => {
    const spec = {
      containers: [
        {
          name: "app",
          ports: [
            { name: "http", containerPort: 8080 },
            { containerPort: 53, protocol: "UDP" },
          ],
        },
        { name: "istio-proxy", ports: [{ containerPort: 15090 }] },
      ],
    };
    const { cluster } = singleCluster([pod("s", "p", { spec })]);
    expect(cluster.workloads[0]!.ports).toEqual([
      { name: "http", port: 8080, protocol: "TCP" },
      { port: 53, protocol: "UDP" },
    ]);
  });
});

describe("health (EndpointSlice readiness)", () => {
  it("Pod: Ready condition decides; else phase; no status = healthy; deletionTimestamp = terminating", () => {
    const { cluster } = singleCluster([
      pod("s", "ready", { status: { conditions: [{ type: "Ready", status: "True" }] } }),
      pod("s", "not-ready", {
        status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }] },
      }),
      pod("s", "pending", { status: { phase: "Pending" } }),
      pod("s", "plain"),
      pod("s", "leaving", { metadata: { deletionTimestamp: "2026-01-01T00:00:00Z" } }),
    ]);
    const health = Object.fromEntries(cluster.workloads.map((w) => [w.name, w.health]));
    expect(health).toEqual({
      ready: "healthy",
      "not-ready": "unhealthy",
      pending: "unhealthy",
      plain: "healthy",
      leaving: "terminating",
    });
  });

  it("controllers: the first readyReplicas replicas are ready; a status without the count means 0 (omitempty)", () => {
    const { cluster } = singleCluster([
      deployment("s", "half", {
        replicas: 3,
        kind: "StatefulSet",
        status: { replicas: 3, readyReplicas: 2 },
      }),
      deployment("s", "zero", { replicas: 2, kind: "StatefulSet", status: { replicas: 2 } }),
      deployment("s", "ds", { kind: "DaemonSet", status: { numberReady: 1 } }),
    ]);
    const health = Object.fromEntries(cluster.workloads.map((w) => [w.name, w.health]));
    expect(health["half-0"]).toBe("healthy");
    expect(health["half-1"]).toBe("healthy");
    expect(health["half-2"]).toBe("unhealthy");
    expect([health["zero-0"], health["zero-1"]]).toEqual(["unhealthy", "unhealthy"]);
    // DaemonSet pod i runs on the i-th eligible node; the first numberReady of them are ready.
    const ds = cluster.workloads.filter((w) => w.owner.name === "ds").map((w) => [w.node, w.health]);
    expect(ds.sort()).toEqual([
      ["node-a", "healthy"],
      ["node-b", "unhealthy"],
    ]);
  });
});

describe("node placement and locality", () => {
  it("spec.nodeName wins; the locality comes from the node", () => {
    const { cluster } = singleCluster([pod("s", "p", { spec: { nodeName: "node-b" } })]);
    expect(cluster.workloads[0]).toMatchObject({
      node: "node-b",
      locality: { region: "us-east-2", zone: "us-east-2b" },
    });
  });

  it("a nodeSelector on topology.kubernetes.io/zone restricts the nodes", () => {
    const { cluster } = singleCluster([
      deployment("s", "web", {
        replicas: 3,
        podSpec: { nodeSelector: { "topology.kubernetes.io/zone": "us-east-2b" } },
      }),
    ]);
    expect(cluster.workloads.map((w) => w.node)).toEqual(["node-b", "node-b", "node-b"]);
  });

  it("otherwise replicas go round-robin over the nodes in name order", () => {
    const { cluster } = singleCluster([deployment("s", "web", { replicas: 3, kind: "StatefulSet" })]);
    expect(cluster.workloads.map((w) => w.node)).toEqual(["node-a", "node-b", "node-a"]);
  });

  it("an undeclared nodeName is a warning and leaves the locality empty", () => {
    const { cluster, diagnostics } = singleCluster([pod("s", "p", { spec: { nodeName: "ghost" } })]);
    expect(codes(diagnostics)).toEqual(["MW2027"]);
    expect(cluster.workloads[0]).toMatchObject({
      node: "ghost",
      locality: { region: "", zone: "", subzone: "" },
    });
  });

  it("a nodeSelector no node satisfies leaves the pod Pending: no node, no IP, unhealthy", () => {
    const { cluster, diagnostics } = singleCluster([
      deployment("s", "web", { podSpec: { nodeSelector: { "topology.kubernetes.io/region": "mars-1" } } }),
    ]);
    expect(codes(diagnostics)).toEqual(["MW2028"]);
    expect(cluster.workloads[0]).toMatchObject({ ips: [], health: "unhealthy" });
    expect(cluster.workloads[0]!.node).toBeUndefined();
  });

  it("no declared nodes: one default node `<cluster>-node-0` in the provider's region", () => {
    const { cluster } = singleCluster([pod("s", "p")], { nodes: [] });
    expect(cluster.nodes).toEqual([
      { name: "c1-node-0", locality: { region: "us-east-2", zone: "", subzone: "" } },
    ]);
    expect(cluster.workloads[0]!.node).toBe("c1-node-0");
  });
});

describe("network of a workload (istio-semantics §3.1)", () => {
  it("precedence: pod label > istio-system namespace label > cluster network", () => {
    const { cluster, diagnostics } = singleCluster([
      namespace("istio-system", { "topology.istio.io/network": "network2" }),
      pod("s", "labelled", { labels: { "topology.istio.io/network": "network1" } }),
      pod("s", "unlabelled"),
    ]);
    const byName = Object.fromEntries(cluster.workloads.map((w) => [w.name, [w.network, w.networkSource]]));
    expect(byName).toEqual({
      labelled: ["network1", "workload-label"],
      unlabelled: ["network2", "namespace-label"],
    });
    // The istio-system label disagrees with the declared network1: a warning.
    expect(codes(diagnostics)).toEqual(["MW2021"]);
  });

  it("without labels the cluster's declared network applies", () => {
    const { cluster, diagnostics } = singleCluster([pod("s", "p")]);
    expect(cluster.workloads[0]).toMatchObject({ network: "network1", networkSource: "cluster" });
    expect(diagnostics).toEqual([]);
  });

  it("a workload label naming an undeclared network is a warning", () => {
    const { diagnostics } = singleCluster([
      pod("s", "p", { labels: { "topology.istio.io/network": "nowhere" } }),
    ]);
    expect(codes(diagnostics)).toEqual(["MW2022"]);
  });
});

describe("pod IPs", () => {
  it("are inside the pod CIDR, unique, and one per family on dual-stack clusters", () => {
    const { cluster } = singleCluster([deployment("s", "web", { replicas: 20 })], {
      ipFamilies: ["IPv4", "IPv6"],
      podCidrs: ["10.7.0.0/24", "fd00:7::/64"],
    });
    const all = cluster.workloads.flatMap((w) => w.ips);
    expect(new Set(all).size).toBe(40);
    for (const w of cluster.workloads) {
      expect(w.ips).toHaveLength(2);
      expect(inCidr("10.7.0.0/24", w.ips[0]!)).toBe(true);
      expect(inCidr("fd00:7::/64", w.ips[1]!)).toBe(true);
    }
  });

  it("status.podIP(s) are honoured; a declared IP outside the CIDR is honoured with a warning", () => {
    const { cluster, diagnostics } = singleCluster(
      [
        pod("s", "a", { status: { podIPs: [{ ip: "10.7.0.9" }] } }),
        pod("s", "b", { status: { podIP: "192.168.0.4" } }),
      ],
      { podCidrs: ["10.7.0.0/24"] },
    );
    expect(cluster.workloads.map((w) => w.ips)).toEqual([["10.7.0.9"], ["192.168.0.4"]]);
    expect(codes(diagnostics)).toEqual(["MW2025"]);
  });

  it("two pods declaring one IP is a warning", () => {
    const { diagnostics } = singleCluster(
      [pod("s", "a", { status: { podIP: "10.7.0.9" } }), pod("s", "b", { status: { podIP: "10.7.0.9" } })],
      { podCidrs: ["10.7.0.0/24"] },
    );
    expect(codes(diagnostics)).toEqual(["MW2026"]);
  });

  it("an exhausted CIDR is an error, reported once, and the rest get no IP", () => {
    const { cluster, diagnostics } = singleCluster([deployment("s", "web", { replicas: 5 })], {
      podCidrs: ["10.7.0.0/30"],
    });
    expect(codes(diagnostics)).toEqual(["MW2016"]);
    expect(diagnostics[0]!.path).toBe("$.spec.clusters[0].podCidrs");
    expect(cluster.workloads.filter((w) => w.ips.length === 1)).toHaveLength(2);
  });

  it("do not depend on the order the manifests list their objects in", () => {
    const resources = ["a", "b", "c", "d"].map((name) => deployment("s", name, { replicas: 2 }));
    const ips = (all: typeof resources) =>
      Object.fromEntries(singleCluster(all).cluster.workloads.map((w) => [w.id, w.ips]));
    expect(ips([...resources].reverse())).toEqual(ips(resources));
  });

  it("property: deterministic, and stable when an unrelated Deployment is added", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
        (names, replicas, extra) => {
          fc.pre(!names.includes(extra));
          const resources = names.map((name) => deployment("s", name, { replicas }));
          const ipsOf = (all: typeof resources) =>
            new Map(singleCluster(all).cluster.workloads.map((w) => [w.id, w.ips[0]]));
          const before = ipsOf(resources);
          expect(ipsOf(resources)).toEqual(before);
          const alone = [...ipsOf([deployment("s", extra)]).values()];
          fc.pre(!alone.some((ip) => [...before.values()].includes(ip)));
          const after = ipsOf([...resources, deployment("s", extra)]);
          for (const [id, ip] of before) expect(after.get(id)).toBe(ip);
        },
      ),
      { numRuns: 60 },
    );
  });
});
