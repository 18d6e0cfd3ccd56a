import type { IstioKinds } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { compileRouting } from "./compile-routing";
import {
  classifyEgressHosts,
  egressImportsHost,
  egressImportsVirtualServiceHost,
  parseSidecars,
  selectSidecar,
} from "./sidecar";
import { istio, svc } from "./test-fixtures";

const services = [
  svc("c1", "a", "one", { ports: [{ port: 80, name: "http" }], clusterIps: ["10.0.0.1"] }),
  svc("c1", "b", "two", { ports: [{ port: 80, name: "http" }], clusterIps: ["10.0.0.2"] }),
  svc("c1", "b", "hidden", {
    ports: [{ port: 80, name: "http" }],
    annotations: { "networking.istio.io/exportTo": "." },
  }),
  svc("c1", "istio-system", "istiod", { ports: [{ port: 15012, name: "grpc" }] }),
];
const sidecar = (ns: string, name: string, spec: unknown) =>
  istio("Sidecar", ns, name, spec) as IstioKinds["Sidecar"];

describe("egress host classification (convertIstioListenerToWrapper, hostClassification)", () => {
  const hosts = classifyEgressHosts(
    ["./*", "istio-system/*", "*/api.example.com", "~b/secret.b.svc.cluster.local"],
    "a",
  );
  it('"./" is the config namespace; "~ns/host" excludes', () => {
    expect([...hosts.keys()].sort()).toEqual(["*", "a", "b", "istio-system"]);
    expect(hosts.get("b")?.excluded).toEqual(["secret.b.svc.cluster.local"]);
  });
  it("Matches: exact lookup, else wildcard SubsetOf", () => {
    expect(egressImportsHost(hosts.get("a")!, "one.a.svc.cluster.local")).toBe(true);
    expect(egressImportsHost(hosts.get("*")!, "api.example.com")).toBe(true);
    expect(egressImportsHost(hosts.get("*")!, "other.example.com")).toBe(false);
  });
  it("VSMatches is bidirectional for wildcards (legacy semantics)", () => {
    expect(egressImportsVirtualServiceHost(hosts.get("*")!, "*.example.com")).toBe(true);
  });
});

describe("Sidecar selection (getSidecarScope)", () => {
  const { sidecars, diagnostics } = parseSidecars(
    [
      sidecar("a", "default", { egress: [{ hosts: ["./*"] }] }),
      sidecar("a", "canary", {
        workloadSelector: { labels: { track: "canary" } },
        egress: [{ hosts: ["*/*"] }],
      }),
      sidecar("a", "second-default", { egress: [{ hosts: ["b/*"] }] }),
      sidecar("istio-system", "root", { egress: [{ hosts: ["./*", "istio-system/*"] }] }),
      sidecar("a", "bad", { workloadSelector: { labels: { x: "y" } }, egress: [{ hosts: ["no-slash"] }] }),
    ],
    "c1",
  );
  it("a selector match wins over the namespace default", () => {
    expect(
      selectSidecar(sidecars, "istio-system", { namespace: "a", labels: { track: "canary" } }).sidecar?.name,
    ).toBe("canary");
    expect(selectSidecar(sidecars, "istio-system", { namespace: "a", labels: {} }).sidecar?.name).toBe(
      "default",
    );
  });
  it("namespaces without a Sidecar use the root namespace's, with ./ meaning the proxy's namespace", () => {
    const selection = selectSidecar(sidecars, "istio-system", { namespace: "b", labels: {} });
    expect(selection.sidecar?.name).toBe("root");
    expect(selection.configNamespace).toBe("b");
  });
  it("reports a second selector-less Sidecar and malformed hosts", () => {
    expect(diagnostics.map((d) => d.code).sort()).toEqual(["MW4010", "MW4011"]);
  });
});

describe("scope visibility (selectServices + exportTo)", () => {
  const compile = (resources: ReturnType<typeof istio>[]) =>
    compileRouting({ cluster: "c1", resources, services });
  it("without Sidecar: every service exported to the namespace", () => {
    const routing = compile([]);
    expect(routing.visibleService({ namespace: "a", labels: {} }, "two.b.svc.cluster.local")).toBeDefined();
    expect(
      routing.visibleService({ namespace: "a", labels: {} }, "hidden.b.svc.cluster.local"),
    ).toBeUndefined();
    expect(
      routing.visibleService({ namespace: "b", labels: {} }, "hidden.b.svc.cluster.local"),
    ).toBeDefined();
  });
  it("a Sidecar with egress ./* limits the scope; traffic to other hosts falls through to passthrough", () => {
    const routing = compile([sidecar("a", "default", { egress: [{ hosts: ["./*"] }] })]);
    const client = { namespace: "a", labels: {} };
    expect(routing.visibleService(client, "one.a.svc.cluster.local")).toBeDefined();
    expect(routing.visibleService(client, "two.b.svc.cluster.local")).toBeUndefined();
    expect(routing.route(client, { authority: "two.b:80", port: 80 }).outcome).toBe("passthrough");
  });
  it("destinations of imported VirtualServices are added to the scope (collectImportedServices)", () => {
    const routing = compile([
      sidecar("a", "default", { egress: [{ hosts: ["./*"] }] }),
      istio("VirtualService", "a", "to-b", {
        hosts: ["one"],
        http: [{ route: [{ destination: { host: "two.b.svc.cluster.local" } }] }],
      }),
    ]);
    const client = { namespace: "a", labels: {} };
    expect(routing.visibleService(client, "two.b.svc.cluster.local")).toBeDefined();
    expect(routing.route(client, { authority: "one:80", port: 80 }).outcome).toBe("forward");
  });
  it("an egress listener with a port imports only services with that port", () => {
    const routing = compile([
      sidecar("a", "default", { egress: [{ port: { number: 15012 }, hosts: ["*/*"] }, { hosts: ["./*"] }] }),
    ]);
    const scope = routing.scopeFor({ namespace: "a", labels: {} });
    expect(scope.listenerFor(15012)?.service("istiod.istio-system.svc.cluster.local")).toBeDefined();
    expect(scope.listenerFor(15012)?.service("two.b.svc.cluster.local")).toBeUndefined();
    expect(scope.listenerFor(80)?.port).toBeUndefined();
  });
  it("Sidecar outboundTrafficPolicy REGISTRY_ONLY blackholes unknown hosts", () => {
    const routing = compile([sidecar("a", "default", { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } })]);
    expect(
      routing.route({ namespace: "a", labels: {} }, { authority: "example.com", port: 80 }).outcome,
    ).toBe("blackhole");
  });
  it("a Kubernetes Service beats a ServiceEntry of the same host and namespace", () => {
    const routing = compile([
      istio("ServiceEntry", "a", "squat", {
        hosts: ["one.a.svc.cluster.local"],
        ports: [{ number: 81, name: "http" }],
      }),
    ]);
    expect(routing.visibleService({ namespace: "a", labels: {} }, "one.a.svc.cluster.local")?.registry).toBe(
      "Kubernetes",
    );
  });
});
