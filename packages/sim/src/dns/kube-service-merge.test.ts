/**
 * Registries that share the mesh-order merges answer exactly as registries that merge on their
 * own, whatever cluster they list first and in whatever order they list the others.
 */
import type { ServiceModel } from "@meshwright/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRouting } from "../routing/compile-routing";
import { cluster, svc } from "../routing/test-fixtures";
import { buildDnsRegistry } from "./dns-registry";
import { SharedKubeMerges } from "./kube-service-merge";

const CLUSTERS = ["c0", "c1", "c2", "c3"];
/** Two hostnames live in two namespaces each (ServiceEntry-like names a Service may claim). */
const HOSTNAMES = ["a.ns1.svc.cluster.local", "b.ns1.svc.cluster.local", "shared.example.com"];

const serviceArb = fc.record({
  hostname: fc.constantFrom(...HOSTNAMES),
  namespace: fc.constantFrom("ns1", "ns2"),
  headless: fc.boolean(),
  global: fc.boolean(),
  exportTo: fc.constantFrom(undefined, ".", "*"),
});

const isGlobal = (s: ServiceModel) => s.labels["istio.io/global"] === "true";

describe("shared mesh-order DNS merges", () => {
  it("give every registry the services its own merge gives (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.uniqueArray(serviceArb, { selector: (s) => `${s.hostname}|${s.namespace}`, maxLength: 4 }),
          {
            minLength: CLUSTERS.length,
            maxLength: CLUSTERS.length,
          },
        ),
        fc.array(fc.shuffledSubarray(CLUSTERS, { minLength: 1 }), { minLength: 1, maxLength: 4 }),
        (perCluster, orders) => {
          const clusters = CLUSTERS.map((name, c) =>
            cluster(name, {
              network: `n${c % 2}`,
              services: perCluster[c]!.map((s, i) => ({
                ...svc(name, s.namespace, s.hostname.split(".")[0]!, {
                  hostname: s.hostname,
                  headless: s.headless,
                  clusterIps: s.headless ? [] : [`10.${c}.0.${i + 1}`],
                  labels: s.global ? { "istio.io/global": "true" } : {},
                  annotations: s.exportTo ? { "networking.istio.io/exportTo": s.exportTo } : {},
                }),
              })),
            }),
          );
          const byName = new Map(clusters.map((c) => [c.name, c]));
          const shared = new SharedKubeMerges(CLUSTERS);
          // Each order once as listed (mesh order or not) and once as its first cluster followed by
          // the others in mesh order (what istiods reading every cluster do).
          const meshOrderFirst = orders.map((o) => [
            o[0]!,
            ...CLUSTERS.filter((n) => n !== o[0] && o.includes(n)),
          ]);
          for (const order of [...orders, ...meshOrderFirst]) {
            const read = order.map((name) => byName.get(name)!);
            const routing = compileRouting({
              cluster: order[0]!,
              resources: [],
              services: read.flatMap((c) => c.services),
            });
            const input = { clusters: read, routing, isGlobal, defaultExportTo: ["*"] };
            const own = buildDnsRegistry(input);
            const withShared = buildDnsRegistry({ ...input, shared });
            for (const hostname of [...HOSTNAMES, "missing.ns1.svc.cluster.local"]) {
              expect(withShared.byHostname(hostname)).toEqual(own.byHostname(hostname));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
