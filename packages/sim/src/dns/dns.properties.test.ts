import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRouting } from "../routing/compile-routing";
import { cluster, mesh, svc } from "../routing/test-fixtures";
import { compileDns } from "./resolve-name";

const arbPlacement = fc.uniqueArray(
  fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), inC1: fc.boolean(), inC2: fc.boolean() }),
  { selector: (s) => s.name, minLength: 1, maxLength: 8 },
);

describe("DNS invariants", () => {
  it("kube-dns: <name>.<ns> resolves iff the client's own cluster has the Service; DNS capture adds remote-only ones", () => {
    fc.assert(
      fc.property(arbPlacement, fc.boolean(), (placements, capture) => {
        const c1 = cluster("c1", {
          meshConfig: { dnsCapture: capture },
          remoteSecrets: ["c2"],
          services: placements
            .filter((p) => p.inC1)
            .map((p, i) => svc("c1", "ns", p.name, { clusterIps: [`10.1.0.${i + 1}`] })),
        });
        const c2 = cluster("c2", {
          network: "network2",
          services: placements
            .filter((p) => p.inC2)
            .map((p, i) => svc("c2", "ns", p.name, { clusterIps: [`10.2.0.${i + 1}`] })),
        });
        const routing = compileRouting({
          cluster: "c1",
          resources: [],
          services: [...c1.services, ...c2.services],
        });
        const dns = compileDns(mesh([c1, c2]), { routingFor: () => routing });
        for (const p of placements) {
          const result = dns.resolve(`${p.name}.ns`, {
            cluster: "c1",
            namespace: "client",
            dataplane: "sidecar",
          });
          const expected = p.inC1 || (capture && p.inC2);
          expect(result.status === "ok").toBe(expected);
          if (result.status === "ok") {
            expect(result.addresses.length).toBeGreaterThan(0);
            // The local VIP always wins; a remote VIP only answers for remote-only services.
            expect(result.addresses[0]!.startsWith(p.inC1 ? "10.1." : "10.2.")).toBe(true);
          } else expect(result.failure?.symptom).toBe(`curl: (6) Could not resolve host: ${p.name}.ns`);
          expect(
            dns.resolve(`${p.name}.ns`, { cluster: "c1", namespace: "client", dataplane: "sidecar" }),
          ).toBe(result);
        }
      }),
      { numRuns: 60 },
    );
  });
});
