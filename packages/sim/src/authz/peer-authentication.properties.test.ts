import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareByCreation } from "../model/config-order";
import { selectorMatches } from "../model/label-selector";
import { peerAuthenticationScopes } from "./peer-authentication";
import type { PeerAuthenticationObject } from "./policy-object";
import { isScopeWide, type ReadPeerAuthentication, readPeerAuthentication } from "./read-peer-authentication";
import { pa } from "./test-helpers";

// The candidates of a workload are read from the policies of its namespace and the root namespace
// only (bucketed once per frozen array). Checked against the rule read straight off every policy:
// per scope, the oldest policy of that scope whose selector matches.
const NAMESPACES = ["istio-system", "foo", "bar"];
const labelsArb = fc.dictionary(fc.constantFrom("app", "version"), fc.constantFrom("a", "b"), { maxKeys: 2 });

const policyArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom("p", "q", "r"),
  selector: fc.option(labelsArb, { nil: undefined }),
  mode: fc.constantFrom("STRICT", "PERMISSIVE", "DISABLE", "UNSET"),
  created: fc.option(fc.constantFrom("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"), { nil: undefined }),
});

function reference(
  policies: readonly PeerAuthenticationObject[],
  namespace: string,
  labels: Record<string, string>,
) {
  const read = policies.map((p) => readPeerAuthentication(p).policy);
  const oldest = (test: (p: ReadPeerAuthentication) => boolean) =>
    read.filter((p) => test(p) && selectorMatches(p.selector, labels)).sort(compareByCreation)[0]?.key ??
    null;
  return {
    mesh: oldest((p) => p.namespace === "istio-system" && isScopeWide(p)),
    namespace:
      namespace === "istio-system" ? null : oldest((p) => p.namespace === namespace && isScopeWide(p)),
    workload:
      namespace === "istio-system" ? null : oldest((p) => p.namespace === namespace && !isScopeWide(p)),
  };
}

describe("PeerAuthentication candidates by namespace", () => {
  it("a frozen list (read once, per namespace) picks what every policy read afresh picks", () => {
    fc.assert(
      fc.property(
        fc.array(policyArb, { maxLength: 8 }),
        fc.array(fc.record({ namespace: fc.constantFrom(...NAMESPACES), labels: labelsArb }), {
          minLength: 1,
          maxLength: 4,
        }),
        (specs, workloads) => {
          const policies = Object.freeze(
            specs.map((s) =>
              Object.freeze(
                pa(
                  `${s.namespace}/${s.name}`,
                  {
                    ...(s.selector ? { selector: { matchLabels: s.selector } } : {}),
                    mtls: { mode: s.mode },
                  },
                  s.created,
                ),
              ),
            ),
          );
          // Several workloads over one frozen list: what is kept for one must not leak into another.
          for (const { namespace, labels } of workloads) {
            const scopes = peerAuthenticationScopes({ policies, namespace, labels });
            expect({
              mesh: scopes.mesh?.key ?? null,
              namespace: scopes.namespace?.key ?? null,
              workload: scopes.workload?.key ?? null,
            }).toEqual(reference(policies, namespace, labels));
          }
        },
      ),
    );
  });
});
