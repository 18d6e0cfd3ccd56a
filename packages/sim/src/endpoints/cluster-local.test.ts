import { describe, expect, it } from "vitest";
import { clusterLocalHosts, defaultClusterLocalHosts, isClusterLocal } from "./cluster-local";

type Setting = { hosts: string[]; settings: { clusterLocal?: boolean } };
const local = (...hosts: string[]): Setting => ({ hosts, settings: { clusterLocal: true } });
const global = (...hosts: string[]): Setting => ({ hosts, settings: { clusterLocal: false } });

/** pilot/pkg/model/cluster_local_test.go TestIsClusterLocal, case by case. */
const CASES: [string, Setting[], string, boolean][] = [
  ["kube-system is local", [], "s.kube-system.svc.cluster.local", true],
  ["api server local is local", [], "kubernetes.default.svc.cluster.local", true],
  ["discovery server is local", [], "istiod.istio-system.svc.cluster.local", true],
  ["not local by default", [], "not.cluster.local", false],
  [
    "override default namespace",
    [global("*.kube-system.svc.cluster.local")],
    "s.kube-system.svc.cluster.local",
    false,
  ],
  [
    "override default service",
    [global("kubernetes.default.svc.cluster.local")],
    "kubernetes.default.svc.cluster.local",
    false,
  ],
  ["local 1", [local("*.ns1.svc.cluster.local", "*.ns2.svc.cluster.local")], "s.ns1.svc.cluster.local", true],
  ["local 2", [local("*.ns1.svc.cluster.local", "*.ns2.svc.cluster.local")], "s.ns2.svc.cluster.local", true],
  [
    "not local",
    [local("*.ns1.svc.cluster.local", "*.ns2.svc.cluster.local")],
    "s.ns3.svc.cluster.local",
    false,
  ],
  ["global", [local("*")], "s.ns1.svc.cluster.local", true],
  [
    "global with exclusion wildcard",
    [local("*"), global("*.ns1.svc.cluster.local")],
    "s.ns1.svc.cluster.local",
    false,
  ],
  [
    "global with exclusion specific",
    [local("*"), global("service.ns1.svc.cluster.local")],
    "service.ns1.svc.cluster.local",
    false,
  ],
  [
    "subdomain local with global",
    [local("*.cluster.local"), global("*")],
    "echo.test.svc.cluster.local",
    true,
  ],
  ["other domain non-local global", [local("*.cluster.local"), global("*")], "otherdomain", false],
];

describe("cluster_local.go IsClusterLocal (istio-semantics §4.2)", () => {
  it.each(CASES)("%s", (_name, serviceSettings, host, expected) => {
    expect(isClusterLocal(clusterLocalHosts({ serviceSettings }), host).clusterLocal).toBe(expected);
  });

  it("defaults: *.kube-system, kubernetes.default and istiod's host, on the cluster's domain", () => {
    expect(
      defaultClusterLocalHosts({
        domainSuffix: "corp.internal",
        discoveryHost: "istiod-canary.istio-system.svc",
      }),
    ).toEqual([
      "*.kube-system.svc.corp.internal",
      "kubernetes.default.svc.corp.internal",
      "istiod-canary.istio-system.svc.corp.internal",
    ]);
  });

  it("an explicit false for one kube-system host removes the whole kube-system default (HasSuffix on the wildcard)", () => {
    const hosts = clusterLocalHosts({ serviceSettings: [global("dns.kube-system.svc.cluster.local")] });
    expect(isClusterLocal(hosts, "other.kube-system.svc.cluster.local").clusterLocal).toBe(false);
    expect(hosts.wildcard.has("*.kube-system.svc.cluster.local")).toBe(false);
  });

  it("most specific match wins and reports the entry that decided", () => {
    const hosts = clusterLocalHosts({
      serviceSettings: [local("*.svc.cluster.local"), global("*.sample.svc.cluster.local")],
    });
    expect(isClusterLocal(hosts, "helloworld.sample.svc.cluster.local")).toEqual({
      clusterLocal: false,
      matchedBy: "*.sample.svc.cluster.local",
    });
    expect(isClusterLocal(hosts, "reviews.bookinfo.svc.cluster.local")).toEqual({
      clusterLocal: true,
      matchedBy: "*.svc.cluster.local",
    });
  });

  it("a later entry for the same host overrides an earlier one", () => {
    const hosts = clusterLocalHosts({
      serviceSettings: [local("a.ns.svc.cluster.local"), global("a.ns.svc.cluster.local")],
    });
    expect(isClusterLocal(hosts, "a.ns.svc.cluster.local").clusterLocal).toBe(false);
  });
});
