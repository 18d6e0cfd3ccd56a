import type { KubeObject, ServiceModel } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { compileRouting, type RoutingOptions } from "./compile-routing";
import type { RouteRequest } from "./route-result";
import { istio, svc } from "./test-fixtures";

const HELLO = "helloworld.sample.svc.cluster.local";

function compile(resources: KubeObject[], services: ServiceModel[] = [], options: RoutingOptions = {}) {
  return compileRouting(
    {
      cluster: "cluster1",
      network: "network1",
      resources,
      services: [helloworld, reviews, ratings, ...services],
    },
    { seed: 7, ...options },
  );
}
const helloworld = svc("cluster1", "sample", "helloworld", {
  ports: [{ port: 5000, name: "http" }],
  clusterIps: ["10.96.0.50"],
});
const reviews = svc("cluster1", "bookinfo", "reviews", {
  ports: [{ port: 9080, name: "http" }],
  clusterIps: ["10.96.1.1"],
});
const ratings = svc("cluster1", "bookinfo", "ratings", {
  ports: [{ port: 9080, name: "http" }],
  clusterIps: ["10.96.1.2"],
});

const client = (
  namespace = "sample",
  cluster = "cluster1",
  labels: Record<string, string> = { app: "sleep" },
) => ({
  namespace,
  labels: { ...labels, "topology.istio.io/cluster": cluster },
});
const get = (authority: string, port: number, extra: Partial<RouteRequest> = {}): RouteRequest => ({
  authority,
  port,
  ...extra,
});

/** Seed 004's per-cluster DestinationRule and VirtualService (applied in namespace sample). */
const perClusterDr = istio("DestinationRule", "sample", "helloworld-per-cluster-dr", {
  host: HELLO,
  subsets: [
    { name: "cluster1", labels: { "topology.istio.io/cluster": "cluster1" } },
    { name: "cluster2", labels: { "topology.istio.io/cluster": "cluster2" } },
  ],
});
const clusterLocalVs = istio("VirtualService", "sample", "helloworld-cluster-local-vs", {
  hosts: [HELLO],
  http: [
    {
      name: "cluster-1-local",
      match: [{ sourceLabels: { "topology.istio.io/cluster": "cluster1" } }],
      route: [{ destination: { host: HELLO, subset: "cluster1" } }],
    },
    {
      name: "cluster-2-local",
      match: [{ sourceLabels: { "topology.istio.io/cluster": "cluster2" } }],
      route: [{ destination: { host: HELLO, subset: "cluster2" } }],
    },
  ],
});

describe("default route (BuildSidecarVirtualHostWrapper: services without VirtualService)", () => {
  const routing = compile([]);
  it("host:port goes to outbound|port||host", () => {
    const result = routing.route(client(), get("helloworld.sample:5000", 5000));
    expect(result.outcome).toBe("forward");
    expect(result.picked?.cluster).toBe(`outbound|5000||${HELLO}`);
    expect(result.destinations).toEqual([
      expect.objectContaining({ weight: 100, share: 1, clusterExists: true }),
    ]);
  });
  it("the bare name resolves only in the client's own namespace (GenerateAltVirtualHosts)", () => {
    expect(routing.route(client("sample"), get("helloworld:5000", 5000)).outcome).toBe("forward");
    expect(routing.route(client("other"), get("helloworld:5000", 5000)).outcome).toBe("passthrough");
  });
  it("the VIP as authority reaches the service's virtual host", () => {
    expect(routing.route(client(), get("10.96.0.50:5000", 5000)).picked?.host).toBe(HELLO);
  });
  it("an unknown host goes to PassthroughCluster (ALLOW_ANY) or BlackHole (REGISTRY_ONLY: 502)", () => {
    expect(routing.route(client(), get("example.com", 80)).outcome).toBe("passthrough");
    const strict = compile([], [], { outboundTrafficPolicy: "REGISTRY_ONLY" });
    const result = strict.route(client(), get("example.com", 80));
    expect(result).toMatchObject({ outcome: "blackhole", response: { status: 502 } });
    expect(result.failure?.code).toBe("MW4055");
  });
});

describe("seed 004: cluster-local routing by sourceLabels topology.istio.io/cluster (sourceMatchHTTP on augmented labels)", () => {
  const routing = compile([perClusterDr, clusterLocalVs]);
  it("a cluster1 client always gets subset cluster1", () => {
    const result = routing.route(
      client("sample", "cluster1"),
      get("helloworld.sample:5000", 5000, { path: "/hello" }),
    );
    expect(result.route).toMatchObject({ index: 0, name: "cluster-1-local" });
    expect(result.picked?.cluster).toBe(`outbound|5000|cluster1|${HELLO}`);
    expect(result.virtualService).toBe("VirtualService/sample/helloworld-cluster-local-vs");
  });
  it("a cluster2 client matches the second route (its istiod would only have it if the objects were applied there)", () => {
    const result = routing.route(client("sample", "cluster2"), get("helloworld.sample:5000", 5000));
    expect(result.route?.name).toBe("cluster-2-local");
  });
  it("a client with no cluster label matches no route: the VirtualService has no routes for it, so the default route applies", () => {
    const result = routing.route({ namespace: "sample", labels: {} }, get("helloworld.sample:5000", 5000));
    expect(result.virtualService).toBeUndefined();
    expect(result.picked?.cluster).toBe(`outbound|5000||${HELLO}`);
  });
});

describe("VirtualService selection (SelectVirtualServices, separateVSHostsAndServices, dedupeDomains)", () => {
  const toV = (name: string, ns: string, host: string, subset: string, extra: Record<string, unknown> = {}) =>
    istio("VirtualService", ns, name, {
      hosts: [host],
      http: [{ route: [{ destination: { host: HELLO, subset } }] }],
      ...extra,
    });
  const dr = istio("DestinationRule", "sample", "dr", {
    host: HELLO,
    subsets: ["a", "b", "c"].map((name) => ({ name, labels: { v: name } })),
  });

  it("short hosts resolve relative to the VirtualService's namespace", () => {
    const routing = compile([dr, toV("vs", "sample", "helloworld", "a")]);
    expect(routing.route(client(), get("helloworld.sample:5000", 5000)).picked?.subset).toBe("a");
  });
  it("for the same host the oldest VirtualService wins; the later duplicate is dropped", () => {
    const routing = compile([
      dr,
      {
        ...toV("newer", "sample", HELLO, "b"),
        metadata: { name: "a-newer", namespace: "sample", creationTimestamp: "2021-01-01T00:00:00Z" },
      },
      {
        ...toV("older", "sample", HELLO, "a"),
        metadata: { name: "z-older", namespace: "sample", creationTimestamp: "2020-01-01T00:00:00Z" },
      },
    ]);
    expect(routing.route(client(), get("helloworld.sample:5000", 5000)).picked?.subset).toBe("a");
  });
  it("a VirtualService in the client's namespace beats a public one elsewhere (private before public)", () => {
    const routing = compile([
      dr,
      {
        ...toV("elsewhere", "other", HELLO, "b"),
        metadata: { name: "elsewhere", namespace: "other", creationTimestamp: "2020-01-01T00:00:00Z" },
      },
      toV("mine", "client-ns", HELLO, "a", { exportTo: ["."] }),
    ]);
    expect(routing.route(client("client-ns"), get(`${HELLO}:5000`, 5000)).virtualService).toBe(
      "VirtualService/client-ns/mine",
    );
    expect(routing.route(client("third"), get(`${HELLO}:5000`, 5000)).virtualService).toBe(
      "VirtualService/other/elsewhere",
    );
  });
  it("exportTo hides a VirtualService from other namespaces", () => {
    const routing = compile([dr, toV("private", "sample", HELLO, "a", { exportTo: ["."] })]);
    expect(routing.route(client("sample"), get(`${HELLO}:5000`, 5000)).virtualService).toBeDefined();
    expect(routing.route(client("other"), get(`${HELLO}:5000`, 5000)).virtualService).toBeUndefined();
  });
  it("an exact host beats a wildcard host (computeWildcardHostVirtualServiceIndex)", () => {
    const routing = compile([
      dr,
      toV("wild", "sample", "*.sample.svc.cluster.local", "b"),
      toV("exact", "sample", HELLO, "a"),
    ]);
    expect(routing.route(client(), get(`${HELLO}:5000`, 5000)).picked?.subset).toBe("a");
  });
  it("a wildcard VirtualService applies to services it covers", () => {
    const routing = compile([dr, toV("wild", "sample", "*.sample.svc.cluster.local", "b")]);
    expect(routing.route(client(), get(`${HELLO}:5000`, 5000)).virtualService).toBe(
      "VirtualService/sample/wild",
    );
  });
  it("VirtualServices bound only to a gateway do not apply to sidecars", () => {
    const routing = compile([dr, toV("gw", "sample", HELLO, "a", { gateways: ["istio-system/ingress"] })]);
    expect(routing.route(client(), get(`${HELLO}:5000`, 5000)).virtualService).toBeUndefined();
    const mesh = compile([dr, toV("both", "sample", HELLO, "a", { gateways: ["ingress", "mesh"] })]);
    expect(mesh.route(client(), get(`${HELLO}:5000`, 5000)).virtualService).toBe(
      "VirtualService/sample/both",
    );
  });
  it("a VirtualService host that is not a registry service gets its own virtual host on port 80", () => {
    const routing = compile([
      istio("VirtualService", "sample", "ext", {
        hosts: ["api.example.com"],
        http: [{ route: [{ destination: { host: HELLO, port: { number: 5000 } } }] }],
      }),
    ]);
    const result = routing.route(client(), get("api.example.com", 80));
    expect(result.picked?.cluster).toBe(`outbound|5000||${HELLO}`);
  });
});

describe("HTTP match conditions (TranslateRouteMatch): first matching route wins", () => {
  const vs = istio("VirtualService", "bookinfo", "reviews", {
    hosts: ["reviews"],
    http: [
      {
        name: "jason",
        match: [{ headers: { "end-user": { exact: "jason" } } }],
        route: [{ destination: { host: "reviews", subset: "v2" } }],
      },
      {
        name: "api",
        match: [{ uri: { prefix: "/api" }, method: { exact: "POST" } }],
        route: [{ destination: { host: "reviews", subset: "v3" } }],
      },
      {
        name: "exact",
        match: [{ uri: { exact: "/Exact" }, ignoreUriCase: true }],
        route: [{ destination: { host: "ratings" } }],
      },
      {
        name: "regex",
        match: [{ uri: { regex: "/r/[0-9]+" } }],
        route: [{ destination: { host: "reviews", subset: "v3" } }],
      },
      {
        name: "query",
        match: [{ queryParams: { debug: { exact: "1" } } }],
        directResponse: { status: 418, body: { string: "teapot" } },
      },
      {
        name: "without",
        match: [{ withoutHeaders: { "x-canary": { regex: "*" } }, uri: { prefix: "/canary" } }],
        redirect: { uri: "/stable", authority: "reviews.bookinfo" },
      },
      {
        name: "authority",
        match: [{ authority: { prefix: "reviews.bookinfo" } }],
        route: [{ destination: { host: "reviews", subset: "v1" } }],
      },
      { name: "fallback", route: [{ destination: { host: "reviews", subset: "v1" }, weight: 100 }] },
    ],
  });
  const dr = istio("DestinationRule", "bookinfo", "reviews", {
    host: "reviews",
    subsets: ["v1", "v2", "v3"].map((v) => ({ name: v, labels: { version: v } })),
  });
  const routing = compile([vs, dr]);
  const from = client("bookinfo");
  const route = (req: Partial<RouteRequest>) =>
    routing.route(from, { authority: "reviews:9080", port: 9080, ...req });

  it("headers: exact match on a lower-cased header name", () => {
    expect(route({ headers: { "End-User": "jason" } }).route?.name).toBe("jason");
    expect(route({ headers: { "end-user": "bob" } }).route?.name).toBe("fallback");
  });
  it("uri prefix AND method must both hold", () => {
    expect(route({ path: "/api/x", method: "POST" }).route?.name).toBe("api");
    expect(route({ path: "/api/x", method: "GET" }).route?.name).toBe("fallback");
  });
  it("ignoreUriCase makes exact/prefix case-insensitive", () => {
    expect(route({ path: "/exact" }).picked?.host).toBe("ratings.bookinfo.svc.cluster.local");
  });
  it("regex must match the whole path, query excluded", () => {
    expect(route({ path: "/r/123?x=1" }).route?.name).toBe("regex");
    expect(route({ path: "/r/123/more" }).route?.name).toBe("fallback");
  });
  it("queryParams + directResponse answer locally", () => {
    expect(route({ path: "/x?debug=1" })).toMatchObject({
      outcome: "direct-response",
      response: { status: 418, body: "teapot" },
    });
  });
  it("withoutHeaders with a presence matcher means 'header absent'; redirect gives 301 and a Location", () => {
    expect(route({ path: "/canary/1" })).toMatchObject({
      outcome: "redirect",
      response: { status: 301, location: "http://reviews.bookinfo/stable" },
    });
    expect(route({ path: "/canary/1", headers: { "x-canary": "yes" } }).route?.name).toBe("fallback");
  });
  it(":authority matches the Host header as sent", () => {
    expect(route({ authority: "reviews.bookinfo:9080" }).route?.name).toBe("authority");
  });
  it("explains the skipped matches", () => {
    const explanation = route({ path: "/nothing" }).explanation.join("\n");
    expect(explanation).toContain("http[0].match[0] skipped: header end-user");
  });
  it("no matching route → 404 NR", () => {
    const strict = compile([
      istio("VirtualService", "bookinfo", "only-api", {
        hosts: ["reviews"],
        http: [{ match: [{ uri: { prefix: "/api" } }], route: [{ destination: { host: "reviews" } }] }],
      }),
    ]);
    const result = strict.route(from, { authority: "reviews:9080", port: 9080, path: "/other" });
    expect(result).toMatchObject({ outcome: "route-not-found", response: { status: 404 } });
    expect(result.failure?.symptom).toContain("NR");
  });
  it("sourceNamespace and port are config-time predicates", () => {
    const ns = compile([
      istio("VirtualService", "bookinfo", "ns", {
        hosts: ["reviews"],
        http: [
          {
            match: [{ sourceNamespace: "sample", port: 9080 }],
            route: [{ destination: { host: "ratings" } }],
          },
        ],
      }),
    ]);
    expect(ns.route(client("sample"), get("reviews.bookinfo:9080", 9080)).picked?.host).toBe(
      "ratings.bookinfo.svc.cluster.local",
    );
    expect(ns.route(client("bookinfo"), get("reviews.bookinfo:9080", 9080)).virtualService).toBeUndefined();
  });
  it("match.gateways switches the sourceLabels check off (sourceMatchHTTP quirk)", () => {
    const quirk = compile([
      istio("VirtualService", "bookinfo", "gw", {
        hosts: ["reviews"],
        http: [
          {
            match: [{ gateways: ["mesh"], sourceLabels: { app: "nobody" } }],
            route: [{ destination: { host: "ratings" } }],
          },
        ],
      }),
    ]);
    expect(quirk.route(from, get("reviews.bookinfo:9080", 9080)).picked?.host).toBe(
      "ratings.bookinfo.svc.cluster.local",
    );
  });
});

describe("weighted routes (applyHTTPRouteDestination)", () => {
  const vs = istio("VirtualService", "bookinfo", "reviews-80-20", {
    hosts: ["reviews"],
    http: [
      {
        route: [
          { destination: { host: "reviews", subset: "v1" }, weight: 80 },
          { destination: { host: "reviews", subset: "v2" }, weight: 20 },
          { destination: { host: "reviews", subset: "v3" }, weight: 0 },
        ],
      },
    ],
  });
  const dr = istio("DestinationRule", "bookinfo", "reviews", {
    host: "reviews",
    subsets: ["v1", "v2"].map((v) => ({ name: v, labels: { version: v } })),
  });
  const routing = compile([vs, dr]);
  it("reports the full weight table; weight-0 destinations are dropped", () => {
    const result = routing.route(client("bookinfo"), get("reviews:9080", 9080));
    expect(result.destinations.map((d) => [d.subset, d.share])).toEqual([
      ["v1", 0.8],
      ["v2", 0.2],
    ]);
  });
  it("the seeded pick follows the weights over many requests", () => {
    let v1 = 0;
    for (let i = 0; i < 2000; i++)
      if (
        routing.route(client("bookinfo"), get("reviews:9080", 9080, { requestKey: String(i) })).picked
          ?.subset === "v1"
      )
        v1++;
    expect(v1 / 2000).toBeGreaterThan(0.75);
    expect(v1 / 2000).toBeLessThan(0.85);
  });
  it("reports weights that do not add up to 100 (validation rule)", () => {
    const bad = compile([
      istio("VirtualService", "bookinfo", "bad", {
        hosts: ["reviews"],
        http: [
          {
            route: [
              { destination: { host: "reviews" }, weight: 30 },
              { destination: { host: "ratings" }, weight: 30 },
            ],
          },
        ],
      }),
    ]);
    expect(bad.diagnostics.map((d) => d.code)).toContain("MW4021");
  });
});

describe("missing clusters: Envoy answers 503 NC (route points at a cluster istiod did not build)", () => {
  it("a subset no visible DestinationRule defines", () => {
    const routing = compile([
      istio("VirtualService", "bookinfo", "v", {
        hosts: ["reviews"],
        http: [{ route: [{ destination: { host: "reviews", subset: "v9" } }] }],
      }),
    ]);
    const result = routing.route(client("bookinfo"), get("reviews:9080", 9080));
    expect(result).toMatchObject({ outcome: "cluster-not-found", response: { status: 503 } });
    expect(result.failure?.symptom).toContain("NC");
    expect(result.picked?.missingReason).toContain("subset v9");
    expect(routing.diagnostics.map((d) => d.code)).toEqual(["MW4026"]);
  });
  it("a destination host that is not in the registry, or a port the service lacks", () => {
    const unknown = compile([
      istio("VirtualService", "bookinfo", "v", {
        hosts: ["reviews"],
        http: [{ route: [{ destination: { host: "nope" } }] }],
      }),
    ]);
    expect(unknown.route(client("bookinfo"), get("reviews:9080", 9080)).outcome).toBe("cluster-not-found");
    expect(unknown.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["MW4025", "$.spec.http[0].route[0].destination.host"],
    ]);
    const port = compile([
      istio("VirtualService", "bookinfo", "v", {
        hosts: ["reviews"],
        http: [{ route: [{ destination: { host: "ratings", port: { number: 1234 } } }] }],
      }),
    ]);
    expect(port.route(client("bookinfo"), get("reviews:9080", 9080)).picked?.missingReason).toContain(
      "no port 1234",
    );
  });
});

describe("fault injection", () => {
  const vs = (abort: Record<string, unknown>) =>
    compile([
      istio("VirtualService", "bookinfo", "f", {
        hosts: ["ratings"],
        http: [{ fault: { abort }, route: [{ destination: { host: "ratings" } }] }],
      }),
    ]);
  it("abort at 100% answers the status", () => {
    const result = vs({ httpStatus: 500, percentage: { value: 100 } }).route(
      client("bookinfo"),
      get("ratings:9080", 9080),
    );
    expect(result).toMatchObject({
      outcome: "fault-abort",
      response: { status: 500, body: "fault filter abort" },
    });
  });
  it("abort without percentage never fires (istio/istio#36303)", () => {
    const result = vs({ httpStatus: 500 }).route(client("bookinfo"), get("ratings:9080", 9080));
    expect(result.outcome).toBe("forward");
    expect(result.explanation.join(" ")).toContain("36303");
  });
});

describe("delegate VirtualServices (MergeHTTPRoutes)", () => {
  it("replaces the delegating route by the delegate's routes with merged matches", () => {
    const root = istio("VirtualService", "bookinfo", "root", {
      hosts: ["reviews"],
      http: [
        { name: "r", match: [{ uri: { prefix: "/v" } }], delegate: { name: "leaf", namespace: "team" } },
      ],
    });
    const leaf = istio("VirtualService", "team", "leaf", {
      http: [
        {
          name: "l",
          match: [{ uri: { prefix: "/v2" } }],
          route: [{ destination: { host: "ratings.bookinfo.svc.cluster.local" } }],
        },
      ],
    });
    const routing = compile([root, leaf]);
    const hit = routing.route(client("bookinfo"), get("reviews:9080", 9080, { path: "/v2/x" }));
    expect(hit.route).toMatchObject({ name: "r-l", origin: "VirtualService/team/leaf http[0]" });
    expect(routing.route(client("bookinfo"), get("reviews:9080", 9080, { path: "/v1" })).outcome).toBe(
      "route-not-found",
    );
  });
  it("a missing delegate drops the route and is reported", () => {
    const routing = compile([
      istio("VirtualService", "bookinfo", "root", {
        hosts: ["reviews"],
        http: [{ delegate: { name: "missing" } }],
      }),
    ]);
    expect(routing.diagnostics.map((d) => d.code)).toContain("MW4027");
  });
});
