import type { NamespaceModel, ServiceModel } from "@meshwright/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AmbientRegistryCluster,
  ambientScopeOf,
  ambientServiceRegistry,
  heldWith,
  localDeclarationScope,
  mergeAmbientService,
  remoteMerge,
} from "./ambient-registry";
import { service } from "./test-support";

const GLOBAL = { "istio.io/global": "true" };
const namespaces = (cluster: string): NamespaceModel[] => [
  { cluster, name: "app", labels: {}, annotations: {}, declared: true },
];
const cluster = (name: string, network: string, services: ServiceModel[]): AmbientRegistryCluster => ({
  cluster: name,
  network,
  services,
  namespaces: namespaces(name),
});
const options = {
  localCluster: "eks",
  serviceScopeConfigs: [],
  flavour: "upstream" as const,
  ambientMultiNetwork: true,
};

describe("ambient services + mergeServiceInfosWithCluster (istio-semantics §3.5, §5 rule 17)", () => {
  it("GLOBAL service in both clusters: merged, VIPs per network, local cluster is the base", () => {
    const registry = ambientServiceRegistry(
      [
        cluster("eks", "eks-net", [
          service("echo", "app", { cluster: "eks", labels: GLOBAL, clusterIps: ["172.20.0.5"] }),
        ]),
        cluster("aks", "aks-net", [
          service("echo", "app", { cluster: "aks", labels: GLOBAL, clusterIps: ["10.0.0.9"] }),
        ]),
      ],
      options,
    );
    expect(registry.services).toHaveLength(1);
    expect(registry.services[0]).toMatchObject({
      key: "app/echo.app.svc.cluster.local",
      scope: "GLOBAL",
      baseCluster: "eks",
      clusters: ["eks", "aks"],
      vips: [
        { network: "aks-net", address: "10.0.0.9" },
        { network: "eks-net", address: "172.20.0.5" },
      ],
    });
  });

  it("remote clusters contribute only GLOBAL services", () => {
    const registry = ambientServiceRegistry(
      [
        cluster("eks", "eks-net", [service("echo", "app", { cluster: "eks", labels: GLOBAL })]),
        cluster("aks", "aks-net", [service("echo", "app", { cluster: "aks" })]),
      ],
      options,
    );
    expect(registry.services[0]!.clusters).toEqual(["eks"]);
    expect(registry.excluded).toEqual([
      expect.objectContaining({
        cluster: "aks",
        reason: expect.stringMatching(/LOCAL in remote cluster aks/),
      }),
    ]);
  });

  it("a LOCAL local Service is not merged with a GLOBAL remote one", () => {
    const registry = ambientServiceRegistry(
      [
        cluster("eks", "eks-net", [service("echo", "app", { cluster: "eks" })]),
        cluster("aks", "aks-net", [service("echo", "app", { cluster: "aks", labels: GLOBAL })]),
      ],
      options,
    );
    expect(registry.services[0]).toMatchObject({ scope: "LOCAL", clusters: ["eks"] });
    expect(registry.excluded[0]!.reason).toMatch(/local cluster's Service is LOCAL/);
  });

  it("a GLOBAL service that exists only remotely is visible (base = first remote)", () => {
    const registry = ambientServiceRegistry(
      [
        cluster("eks", "eks-net", []),
        cluster("aks", "aks-net", [service("echo", "app", { cluster: "aks", labels: GLOBAL })]),
      ],
      options,
    );
    expect(registry.services[0]).toMatchObject({ baseCluster: "aks", clusters: ["aks"] });
  });

  it("a LOCAL service that exists only remotely is invisible", () => {
    const registry = ambientServiceRegistry(
      [
        cluster("eks", "eks-net", []),
        cluster("aks", "aks-net", [service("echo", "app", { cluster: "aks" })]),
      ],
      options,
    );
    expect(registry.services).toEqual([]);
  });

  it("AMBIENT_ENABLE_MULTI_NETWORK off: no scope, nothing crosses clusters", () => {
    const registry = ambientServiceRegistry(
      [
        cluster("eks", "eks-net", [service("echo", "app", { cluster: "eks", labels: GLOBAL })]),
        cluster("aks", "aks-net", [service("echo", "app", { cluster: "aks", labels: GLOBAL })]),
      ],
      { ...options, ambientMultiNetwork: false },
    );
    expect(registry.services[0]).toMatchObject({ scope: "LOCAL", clusters: ["eks"] });
  });

  it("ExternalName Services are left out", () => {
    const registry = ambientServiceRegistry(
      [cluster("eks", "eks-net", [service("db", "app", { cluster: "eks", type: "ExternalName" })])],
      options,
    );
    expect(registry.services).toEqual([]);
    expect(registry.excluded[0]!.reason).toMatch(/ExternalName/);
  });
});

describe("ambientServiceRegistry diagnostics", () => {
  it("an invalid serviceScopeConfigs entry is reported once for the whole registry", () => {
    const bad = {
      servicesSelector: { matchExpressions: [{ key: "t", operator: "Exists" as const, values: ["x"] }] },
      scope: "GLOBAL" as const,
    };
    const registry = ambientServiceRegistry(
      [
        cluster("eks", "eks-net", [
          service("a", "app", { cluster: "eks" }),
          service("b", "app", { cluster: "eks" }),
        ]),
      ],
      { ...options, serviceScopeConfigs: [bad] },
    );
    expect(registry.diagnostics.map((d) => d.code)).toEqual(["MW4610"]);
  });
});

/** Options whose serviceScopeConfigs make namespaces labelled `shared: yes` GLOBAL. */
const scoped = {
  ...options,
  serviceScopeConfigs: [{ namespaceSelector: { matchLabels: { shared: "yes" } }, scope: "GLOBAL" as const }],
};
const labelsArb = fc.constantFrom<Record<string, string>>({}, GLOBAL, { shared: "yes" });

/** Cluster `name`'s Service echo.app (with `over`), in an `app` namespace labelled `namespaceLabels`. */
function echoDeclaration(
  name: string,
  network: string,
  namespaceLabels: Record<string, string>,
  over: Partial<ServiceModel>,
) {
  const echo = service("echo", "app", { cluster: name, ...over });
  const namespace = { cluster: name, name: "app", labels: namespaceLabels, annotations: {}, declared: true };
  return { cluster: { cluster: name, network, services: [echo], namespaces: [namespace] }, service: echo };
}

describe("scope verdicts kept per Service object", () => {
  it("follow the namespace the Service sits in, even when the Service object is the same", () => {
    // A rebuilt mesh (createMesh's `previous`) keeps an unchanged Service object while its
    // namespace may have been relabelled: the verdict must be the new namespace's.
    const echo = service("echo", "app", { cluster: "eks", clusterIps: ["172.20.0.5"] });
    const withNamespace = (labels: Record<string, string>): AmbientRegistryCluster => ({
      cluster: "eks",
      network: "eks-net",
      services: [echo],
      namespaces: [{ cluster: "eks", name: "app", labels, annotations: {}, declared: true }],
    });
    const scopeIn = (labels: Record<string, string>) =>
      ambientScopeOf(
        "app/echo.app.svc.cluster.local",
        [{ cluster: withNamespace(labels), service: echo }],
        scoped,
      );
    expect(scopeIn({})).toBe("LOCAL");
    expect(scopeIn({ shared: "yes" })).toBe("GLOBAL");
    expect(scopeIn({})).toBe("LOCAL");
  });
});

describe("localDeclarationScope: the local declaration decides the merge's scope", () => {
  it("equals ambientScopeOf for any labels of the local and remote declarations (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ service: labelsArb, namespace: labelsArb }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (declared, multiNetwork) => {
          const opts = { ...scoped, ambientMultiNetwork: multiNetwork };
          // The first declaration is the local cluster's ("eks"), the others remote.
          const list = declared.map((d, i) => {
            const name = i === 0 ? "eks" : `remote-${i}`;
            return echoDeclaration(name, `${name}-net`, d.namespace, { labels: d.service });
          });
          // Registry order puts a remote cluster first sometimes: the local one still decides.
          const ordered = list.length > 1 ? [list[1]!, list[0]!, ...list.slice(2)] : list;
          const local = list[0]!;
          expect(localDeclarationScope(local.service, local.cluster, opts)).toBe(
            ambientScopeOf("app/echo.app.svc.cluster.local", ordered, opts),
          );
        },
      ),
    );
  });
});

describe("heldWith: an istiod's merge from the merge shared by the istiods declaring none", () => {
  it("equals the merge of the declarations with the local one moved to the front (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            service: labelsArb,
            namespace: labelsArb,
            externalName: fc.boolean(),
            network: fc.nat(2),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.integer({ min: -1, max: 5 }),
        fc.boolean(),
        (declared, localAt, multiNetwork) => {
          // Declarations in mesh order; the istiod's own cluster is one of them, or none (-1, past the end).
          const list = declared.map((d, i) =>
            echoDeclaration(`c${i}`, `net-${d.network}`, d.namespace, {
              labels: d.service,
              clusterIps: [`10.0.${d.network}.1`, `10.9.${i}.1`],
              ...(d.externalName ? { type: "ExternalName" as const } : {}),
            }),
          );
          const opts = { ...scoped, localCluster: `c${localAt}`, ambientMultiNetwork: multiNetwork };
          const key = "app/echo.app.svc.cluster.local";
          const own = list.filter((d) => d.cluster.cluster === opts.localCluster);
          const registryOrder = [...own, ...list.filter((d) => !own.includes(d))];
          const expected = mergeAmbientService(key, registryOrder, opts).service;
          const held = heldWith(remoteMerge(key, list, { ...opts, localCluster: "elsewhere" }), opts);
          expect(held).toEqual(expected);
          expect(held?.vips).toEqual(expected?.vips);
        },
      ),
    );
  });
});
