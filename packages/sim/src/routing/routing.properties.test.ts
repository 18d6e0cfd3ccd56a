import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateServiceEntryAddresses } from "./auto-allocate";
import { compileRouting } from "./compile-routing";
import { parseExportTo } from "./export-to";
import { hostSubsetOf, hostsMatch } from "./host-name";
import { prepareRoute, routePrepared, routeRequest } from "./route-request";
import { pickByWeight, seededFraction } from "./seeded-pick";
import type { ServiceEntryService } from "./service-entry";
import { istio, svc } from "./test-fixtures";

const service = svc("c1", "ns", "target", { ports: [{ port: 80, name: "http" }] });
const client = { namespace: "ns", labels: { app: "client" } };
const headerValues = ["a", "b", "c"];

/** A random route list: each route matches on an optional header value and an optional path prefix. */
const arbRoutes = fc.array(
  fc.record({
    header: fc.option(fc.constantFrom(...headerValues), { nil: undefined }),
    prefix: fc.option(fc.constantFrom("/x", "/y", "/"), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 6 },
);
const arbRequest = fc.record({
  header: fc.option(fc.constantFrom(...headerValues), { nil: undefined }),
  path: fc.constantFrom("/x/1", "/y", "/z"),
});

/** A VirtualService for `target` with one http route per drawn route, each to `destinations`. */
const virtualServiceOf = (
  routes: readonly { readonly header?: string; readonly prefix?: string }[],
  destinations: readonly Record<string, unknown>[],
) =>
  istio("VirtualService", "ns", "vs", {
    hosts: ["target"],
    http: routes.map((r, i) => ({
      name: `r${i}`,
      match: [
        {
          ...(r.header ? { headers: { h: { exact: r.header } } } : {}),
          ...(r.prefix ? { uri: { prefix: r.prefix } } : {}),
        },
      ],
      route: destinations,
    })),
  });

describe("route matching invariants", () => {
  it("a prepared route answers every request to its target as routeRequest does", () => {
    fc.assert(
      fc.property(
        arbRoutes,
        fc.array(arbRequest, { minLength: 1, maxLength: 5 }),
        fc.constantFrom("target:80", "target", "target.ns:80", "other:80"),
        (routes, requests, authority) => {
          const vs = virtualServiceOf(routes, [
            { destination: { host: "target" }, weight: 70 },
            { destination: { host: "target", subset: "v2" }, weight: 30 },
          ]);
          const routing = compileRouting({ cluster: "c1", resources: [vs], services: [service] });
          const scope = routing.scopeFor(client);
          const context = {
            domain: routing.domain,
            seed: 3,
            catalog: { service: () => undefined, subsets: () => [] },
          };
          const prepared = prepareRoute(scope, client, { authority, port: 80 }, context);
          requests.forEach((request, i) => {
            const req = {
              authority,
              port: 80,
              path: request.path,
              headers: request.header ? { h: request.header } : ({} as Record<string, string>),
              requestKey: `${i}`,
            };
            expect(routePrepared(prepared, req)).toEqual(routeRequest(scope, client, req, context));
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("first-match determinism: the chosen route is the first whose conditions hold, every time", () => {
    fc.assert(
      fc.property(arbRoutes, arbRequest, (routes, request) => {
        const vs = virtualServiceOf(routes, [{ destination: { host: "target" } }]);
        const routing = compileRouting({ cluster: "c1", resources: [vs], services: [service] });
        const req = {
          authority: "target:80",
          port: 80,
          path: request.path,
          headers: request.header ? { h: request.header } : ({} as Record<string, string>),
        };
        const first = routing.route(client, req);
        const again = routing.route(client, req);
        expect(again).toEqual(first);
        const expected = routes.findIndex(
          (r) =>
            (r.header === undefined || r.header === request.header) &&
            (r.prefix === undefined || request.path.startsWith(r.prefix)),
        );
        if (expected < 0) expect(first.outcome).toBe("route-not-found");
        else expect(first.route?.index).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("weights that sum to 100 give shares that sum to 1, each weight/100", () => {
    const arbWeights = fc
      .array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 5 })
      .map((cuts) => {
        const points = [...new Set(cuts.map((c) => Math.min(99, c)))].sort((a, b) => a - b);
        const bounds = [0, ...points, 100];
        return bounds
          .slice(1)
          .map((b, i) => b - bounds[i]!)
          .filter((w) => w > 0);
      })
      .filter((weights) => weights.length >= 2);
    fc.assert(
      fc.property(arbWeights, fc.integer(), (weights, seed) => {
        const vs = istio("VirtualService", "ns", "vs", {
          hosts: ["target"],
          http: [{ route: weights.map((weight) => ({ destination: { host: "target" }, weight })) }],
        });
        const routing = compileRouting({ cluster: "c1", resources: [vs], services: [service] }, { seed });
        const result = routing.route(client, { authority: "target:80", port: 80 });
        const total = result.destinations.reduce((s, d) => s + d.share, 0);
        expect(total).toBeCloseTo(1, 12);
        result.destinations.forEach((d, i) => {
          expect(d.share).toBeCloseTo(weights[i]! / 100, 12);
        });
        expect(routing.diagnostics).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("the seeded pick is stable for a seed and key, and never picks a zero weight", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.string(),
        fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 6 }),
        (seed, key, weights) => {
          const entries = weights.map((weight, id) => ({ id, weight }));
          const fraction = seededFraction(seed, key);
          expect(fraction).toBeGreaterThanOrEqual(0);
          expect(fraction).toBeLessThan(1);
          expect(seededFraction(seed, key)).toBe(fraction);
          const picked = pickByWeight(entries, fraction);
          if (weights.every((w) => w === 0)) expect(picked).toBeUndefined();
          else expect(picked!.weight).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe("host and allocation invariants", () => {
  const label = fc.stringMatching(/^[a-z]{1,3}$/);
  const arbHost = fc
    .tuple(fc.boolean(), fc.array(label, { minLength: 1, maxLength: 3 }))
    .map(([wild, labels]) => (wild ? `*.${labels.join(".")}` : labels.join(".")));

  it("SubsetOf implies Matches (host.Name)", () => {
    fc.assert(fc.property(arbHost, arbHost, (a, b) => !hostSubsetOf(a, b) || hostsMatch(a, b)));
  });

  it("controller allocation: unique addresses in 240.240.0.0/16, independent of input order", () => {
    const arbEntries = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}\.com$/), {
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(arbEntries, fc.boolean(), (hosts, reverse) => {
        const entries: ServiceEntryService[] = hosts.map((hostname) => ({
          key: `ns/${hostname}`,
          hostname,
          namespace: "ns",
          entryName: hostname,
          cluster: "c1",
          location: "MESH_EXTERNAL",
          resolution: "DNS",
          addresses: [],
          statusAddresses: [],
          ports: [],
          endpoints: [],
          endpointSource: "hostname",
          selectedWorkloads: [],
          exportTo: parseExportTo(undefined, "ns", ["*"], "").exportTo,
          subjectAltNames: [],
          labels: {},
          autoAllocateOptOut: false,
        }));
        const a = allocateServiceEntryAddresses(entries, "controller").addresses;
        const b = allocateServiceEntryAddresses(
          reverse ? [...entries].reverse() : entries,
          "controller",
        ).addresses;
        const v4 = [...a.values()].map((x) => x.v4!);
        expect(new Set(v4).size).toBe(hosts.length);
        for (const ip of v4) expect(ip.startsWith("240.240.")).toBe(true);
        expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
      }),
    );
  });
});
