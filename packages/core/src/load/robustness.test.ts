/**
 * Robustness properties: wrong types anywhere, huge numbers and odd values in objects and in the
 * Mesh document yield typed diagnostics, never an exception (and never the MW1000 safety net).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../model/kube-object";
import { loadMeshFromString } from "./load-mesh";
import { objectFindings } from "./validate-object";

/** Valid objects of the kinds meshwright checks by hand or by schema. */
const OBJECTS: readonly KubeObject[] = [
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "sample", labels: { app: "web" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image: "w", ports: [{ containerPort: 80 }] }] },
      },
    },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "sample" },
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
  },
  {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name: "web", namespace: "sample" },
    spec: {
      host: "web",
      trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } },
      subsets: [{ name: "v1", labels: { v: "1" } }],
    },
  },
  {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "web", namespace: "sample" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      rules: [{ from: [{ source: { principals: ["a"] } }] }],
    },
  },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "sample" }, data: { a: "YQ==" } },
];

/** Odd values: wrong types, huge and special numbers, deep structures. */
const oddValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    "",
    "x",
    -1,
    0,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ),
  fc.constantFrom([], {}, [null], { "": null }, [[[[]]]]),
  fc.string({ maxLength: 5 }),
);

/** Replaces the value at a random path of `object` (keys and indices picked by the generator). */
function mutate(object: unknown, picks: readonly number[], value: unknown): unknown {
  if (picks.length === 0 || object === null || typeof object !== "object") return value;
  const [pick, ...rest] = picks;
  if (Array.isArray(object)) {
    if (object.length === 0) return value;
    const index = pick! % object.length;
    return object.map((item, i) => (i === index ? mutate(item, rest, value) : item));
  }
  const keys = Object.keys(object);
  if (keys.length === 0) return value;
  const key = keys[pick! % keys.length]!;
  return { ...object, [key]: mutate((object as Record<string, unknown>)[key], rest, value) };
}

describe("robustness", () => {
  it("objectFindings never throws on objects with wrong types anywhere (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OBJECTS),
        fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
        oddValue,
        (object, picks, value) => {
          const mutated = mutate(object, picks, value) as KubeObject;
          for (const finding of objectFindings(mutated)) expect(finding.code).toMatch(/^MW1\d{3}$/);
        },
      ),
      { seed: 5, numRuns: 800 },
    );
  });

  it("loading a Mesh document with odd values anywhere yields diagnostics, never an exception (property)", () => {
    const base = JSON.parse(
      JSON.stringify({
        apiVersion: "meshwright.dev/v1alpha1",
        kind: "Mesh",
        spec: {
          meshId: "m",
          networks: ["n1", { name: "n2" }],
          clusters: [
            {
              name: "a",
              network: "n1",
              provider: { kind: "eks", region: "r" },
              controlPlane: "primary",
              resources: OBJECTS,
            },
            {
              name: "b",
              network: "n2",
              controlPlane: { remoteOf: "a" },
              eastWestGateways: [{ name: "ew", kind: "ambient" }],
            },
          ],
        },
      }),
    ) as unknown;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 9 }), oddValue, (picks, value) => {
        const result = loadMeshFromString(JSON.stringify(mutate(base, picks, value)), {
          file: "m.json",
          baseDir: "/x",
        });
        for (const d of result.diagnostics) {
          expect(d.code).not.toBe("MW1000");
          expect(d.code).toMatch(/^MW\d{4}$/);
        }
      }),
      { seed: 8, numRuns: 150 },
    );
  });
});
