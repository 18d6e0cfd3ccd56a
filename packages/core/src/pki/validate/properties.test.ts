import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PkiFindingName } from "../codes";
import type { CaTemplate } from "../generate/ca-template";
import { workloadSpiffeId } from "../generate/spiffe";
import { validatePeer } from "../profiles/peer";
import { AT, buildHierarchy, type HierarchyShape } from "../testing/hierarchy";

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const HOUR = 3_600_000;

describe("properties of the generator and the peer validator", () => {
  it("any generated hierarchy validates for both profiles (depth, key type, identity, time inside the leaf's life)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          trustDomain: fc.tuple(label, label).map(([a, b]) => `${a}.${b}`),
          namespace: label,
          serviceAccount: label,
          depth: fc.integer({ min: 1, max: 3 }),
          keySpec: fc.constantFrom("ecdsa-p256" as const, "ecdsa-p384" as const),
          offsetMs: fc.integer({ min: -60_000, max: 23 * HOUR }),
          profile: fc.constantFrom("sidecar" as const, "ztunnel" as const),
        }),
        async ({ trustDomain, namespace, serviceAccount, depth, keySpec, offsetMs, profile }) => {
          const spiffeId = workloadSpiffeId(trustDomain, namespace, serviceAccount);
          const levels = Array.from({ length: depth }, () => (t: CaTemplate) => t);
          const h = await buildHierarchy({ levels, keySpec, spiffeId });
          const verdict = validatePeer({
            profile,
            trustBundle: h.trustBundle,
            leaf: h.leaf.certificate,
            chain: h.leaf.chain,
            trustDomain,
            expectedSan: spiffeId,
            at: AT.getTime() + offsetMs,
          });
          expect(verdict.findings).toEqual([]);
          expect(verdict.path).toHaveLength(depth + 2);
        },
      ),
      { numRuns: 12 },
    );
  });

  type Mutation = {
    readonly shape: HierarchyShape;
    readonly at?: number;
    readonly expectedSan?: string;
    readonly expect: PkiFindingName;
  };
  const issuing = (change: (t: CaTemplate) => CaTemplate): HierarchyShape => ({ levels: [change] });
  const MUTATIONS: Readonly<Record<string, Mutation>> = {
    validity: {
      shape: issuing((t) => ({ ...t, notAfter: new Date(AT.getTime() + HOUR) })),
      at: AT.getTime() + 2 * HOUR,
      expect: "INTERMEDIATE_EXPIRED",
    },
    notBefore: {
      shape: issuing((t) => ({ ...t, notBefore: new Date(AT.getTime() + HOUR) })),
      expect: "INTERMEDIATE_NOT_YET_VALID",
    },
    caFlag: {
      shape: issuing((t) => ({ ...t, basicConstraints: { ca: false, critical: true } })),
      expect: "INTERMEDIATE_NOT_CA",
    },
    noBasicConstraints: {
      shape: issuing(({ basicConstraints: _b, ...t }) => t),
      expect: "INTERMEDIATE_NOT_CA",
    },
    pathLen: {
      shape: {
        levels: [(t) => ({ ...t, basicConstraints: { ca: true, pathLen: 0, critical: true } }), (t) => t],
      },
      expect: "PATHLEN_VIOLATION",
    },
    keyUsage: {
      shape: issuing((t) => ({ ...t, keyUsage: { usages: ["cRLSign"], critical: true } })),
      expect: "INTERMEDIATE_KU_NO_CERTSIGN",
    },
    san: {
      shape: {},
      expectedSan: "spiffe://cluster.local/ns/default/sa/someone-else",
      expect: "SAN_MISMATCH",
    },
    issuerKey: { shape: { seed: 99 }, expect: "ROOT_MISMATCH" },
  };

  it("mutating one field that matters makes the matching check fail, for both profiles", async () => {
    const reference = await buildHierarchy();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(MUTATIONS)),
        fc.constantFrom("sidecar" as const, "ztunnel" as const),
        async (name, profile) => {
          const mutation = MUTATIONS[name]!;
          const h = await buildHierarchy(mutation.shape);
          const verdict = validatePeer({
            profile,
            // The issuer-key mutation is judged against the reference root: same DN, other key.
            trustBundle: name === "issuerKey" ? reference.trustBundle : h.trustBundle,
            leaf: h.leaf.certificate,
            chain: h.leaf.chain,
            trustDomain: "cluster.local",
            ...(mutation.expectedSan ? { expectedSan: mutation.expectedSan } : {}),
            at: mutation.at ?? AT,
          });
          expect(verdict.ok).toBe(false);
          expect(verdict.findings.filter((f) => f.severity === "error").map((f) => f.name)).toContain(
            mutation.expect,
          );
        },
      ),
      { numRuns: 16 },
    );
  });
});
