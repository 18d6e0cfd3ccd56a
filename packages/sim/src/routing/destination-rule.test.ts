import { describe, expect, it } from "vitest";
import { compileRouting } from "./compile-routing";
import { istio, svc } from "./test-fixtures";
import { subsetTrafficPolicy } from "./traffic-policy";

const HOST = "reviews.bookinfo.svc.cluster.local";
const reviews = svc("c1", "bookinfo", "reviews", {
  ports: [
    { port: 9080, name: "http" },
    { port: 9443, name: "https" },
  ],
});
const compile = (resources: ReturnType<typeof istio>[]) =>
  compileRouting({ cluster: "c1", resources, services: [reviews] }, { rootNamespace: "istio-system" });
const proxy = (namespace: string, labels: Record<string, string> = {}) => ({ namespace, labels });
const dr = (ns: string, name: string, spec: Record<string, unknown>, creationTimestamp?: string) => ({
  ...istio("DestinationRule", ns, name, spec),
  metadata: { name, namespace: ns, ...(creationTimestamp ? { creationTimestamp } : {}) },
});

describe("DestinationRule lookup (PushContext.destinationRule)", () => {
  const rules = [
    dr("istio-system", "mesh-wide", { host: "*.local", trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } }),
    dr("bookinfo", "svc-ns", { host: "reviews", trafficPolicy: { tls: { mode: "DISABLE" } } }),
    dr("client", "client-local", { host: HOST, exportTo: ["."], trafficPolicy: { tls: { mode: "SIMPLE" } } }),
  ];
  const routing = compile(rules);
  it("the client's namespace first", () => {
    expect(routing.destinationRule(proxy("client"), HOST)?.rule.from).toEqual([
      "DestinationRule/client/client-local",
    ]);
  });
  it("then the service's namespace (exported)", () => {
    const match = routing.destinationRule(proxy("elsewhere"), HOST);
    expect(match?.rule.from).toEqual(["DestinationRule/bookinfo/svc-ns"]);
    expect(match?.step).toContain("service's namespace");
  });
  it("then the root namespace; a more specific host beats *.local within one step", () => {
    const only = compile([rules[0]!]);
    expect(only.destinationRule(proxy("elsewhere"), HOST)?.rule.host).toBe("*.local");
  });
  it("exportTo restricts which namespaces see an exported rule", () => {
    const routing2 = compile([dr("bookinfo", "only-a", { host: "reviews", exportTo: ["a"] })]);
    expect(routing2.destinationRule(proxy("a"), HOST)).toBeDefined();
    expect(routing2.destinationRule(proxy("b"), HOST)).toBeUndefined();
  });
  it("workloadSelector rules apply only to matching proxies of their namespace, and are never exported", () => {
    const routing3 = compile([
      dr("client", "catch-all", { host: HOST, trafficPolicy: { tls: { mode: "DISABLE" } } }),
      dr("client", "for-canary", {
        host: HOST,
        workloadSelector: { matchLabels: { track: "canary" } },
        trafficPolicy: { tls: { mode: "MUTUAL" } },
      }),
    ]);
    expect(routing3.trafficPolicy(proxy("client", { track: "canary" }), HOST, 9080).tls?.mode).toBe("MUTUAL");
    expect(routing3.trafficPolicy(proxy("client", { track: "stable" }), HOST, 9080).tls?.mode).toBe(
      "DISABLE",
    );
    // A rule in a third namespace (neither the client's, the service's nor the root) is never consulted.
    expect(
      routing3.trafficPolicy(proxy("other", { track: "canary" }), HOST, 9080).destinationRule,
    ).toBeUndefined();
  });
});

describe("DestinationRule merging (mergeDestinationRule, enhanced merge)", () => {
  it("concatenates subsets, keeps the first top-level policy and the first definition of a duplicate subset", () => {
    const routing = compile([
      dr(
        "bookinfo",
        "a",
        {
          host: "reviews",
          subsets: [{ name: "v1", labels: { version: "v1" } }],
          trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
        },
        "2020-01-01T00:00:00Z",
      ),
      dr(
        "bookinfo",
        "b",
        {
          host: "reviews",
          subsets: [
            { name: "v1", labels: { version: "x" } },
            { name: "v2", labels: { version: "v2" } },
          ],
          trafficPolicy: { tls: { mode: "DISABLE" } },
        },
        "2021-01-01T00:00:00Z",
      ),
    ]);
    const match = routing.destinationRule(proxy("bookinfo"), HOST);
    expect(match?.rule.from).toEqual(["DestinationRule/bookinfo/a", "DestinationRule/bookinfo/b"]);
    expect(match?.rule.subsets.map((s) => [s.name, s.labels.version])).toEqual([
      ["v1", "v1"],
      ["v2", "v2"],
    ]);
    expect(routing.trafficPolicy(proxy("bookinfo"), HOST, 9080).tls?.mode).toBe("ISTIO_MUTUAL");
    expect(routing.diagnostics.map((d) => d.code)).toContain("MW4040");
  });
  it("rules with different exportTo stay separate", () => {
    const routing = compile([
      dr("bookinfo", "a", { host: "reviews", exportTo: ["x"], subsets: [{ name: "v1", labels: {} }] }),
      dr("bookinfo", "b", { host: "reviews", exportTo: ["y"], subsets: [{ name: "v2", labels: {} }] }),
    ]);
    expect(routing.destinationRule(proxy("y"), HOST)?.rule.subsets.map((s) => s.name)).toEqual(["v2"]);
  });
});

describe("getSubsetTrafficPolicy / MergeSubsetTrafficPolicy (networking/util)", () => {
  const rule = {
    trafficPolicy: {
      tls: { mode: "ISTIO_MUTUAL" as const },
      outlierDetection: { consecutive5xxErrors: 5 },
      loadBalancer: { simple: "ROUND_ROBIN" as const },
      portLevelSettings: [{ port: { number: 9443 }, tls: { mode: "SIMPLE" as const } }],
    },
    subsets: [
      { name: "v1", labels: {}, trafficPolicy: { loadBalancer: { simple: "RANDOM" as const } } },
      {
        name: "v2",
        labels: {},
        trafficPolicy: {
          portLevelSettings: [{ port: { number: 9080 }, connectionPool: { tcp: { maxConnections: 1 } } }],
        },
      },
    ],
  };
  it("without subset the rule's policy applies", () => {
    expect(subsetTrafficPolicy(rule, undefined, 9080)).toMatchObject({
      tls: { mode: "ISTIO_MUTUAL" },
      loadBalancer: { simple: "ROUND_ROBIN" },
    });
  });
  it("port-level settings replace the policy and do not inherit (outlierDetection falls back to none)", () => {
    const policy = subsetTrafficPolicy(rule, undefined, 9443) as Record<string, unknown>;
    expect(policy).toEqual({ tls: { mode: "SIMPLE" } });
  });
  it("subset fields override rule fields", () => {
    expect(subsetTrafficPolicy(rule, "v1", 9080)).toMatchObject({
      tls: { mode: "ISTIO_MUTUAL" },
      loadBalancer: { simple: "RANDOM" },
      outlierDetection: { consecutive5xxErrors: 5 },
    });
  });
  it("a subset port-level entry takes all four port fields, even unset ones", () => {
    const policy = subsetTrafficPolicy(rule, "v2", 9080) as Record<string, unknown>;
    expect(policy.connectionPool).toEqual({ tcp: { maxConnections: 1 } });
    expect(policy.tls).toBeUndefined();
    expect(policy.outlierDetection).toBeUndefined();
  });
  it("clusterTrafficPolicy exposes tls, loadBalancer, localityLbSetting and subset labels", () => {
    const routing = compile([
      dr("bookinfo", "r", {
        host: "reviews",
        trafficPolicy: {
          loadBalancer: { localityLbSetting: { enabled: true, failover: [{ from: "a", to: "b" }] } },
          outlierDetection: { consecutive5xxErrors: 1 },
        },
        subsets: [{ name: "v1", labels: { version: "v1" } }],
      }),
    ]);
    const result = routing.trafficPolicy(proxy("bookinfo"), HOST, 9080, "v1");
    expect(result.subsetLabels).toEqual({ version: "v1" });
    expect(result.localityLbSetting?.failover).toEqual([{ from: "a", to: "b" }]);
    expect(result.outlierDetection).toEqual({ consecutive5xxErrors: 1 });
    expect(routing.trafficPolicy(proxy("bookinfo"), HOST, 9080, "v9").subsetLabels).toBeNull();
  });
});
