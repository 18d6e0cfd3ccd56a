import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import type { AuthorizationPolicyObject } from "./policy-object";
import { pa, req } from "./test-helpers";
import { ztunnelPeerAuthenticationPolicies } from "./ztunnel-peer-authentication";

const workload = { namespace: "foo", labels: { app: "a" } };
const synth = (policies: ReturnType<typeof pa>[]) =>
  ztunnelPeerAuthenticationPolicies({ policies, ...workload }).policies;

/** A synthetic policy as `name: [[clause keys]]` for comparison with istiod's groups. */
function shape(policies: readonly AuthorizationPolicyObject[]) {
  return Object.fromEntries(
    policies.map((p) => [
      `${p.metadata.namespace}/${p.metadata.name}`,
      (p.spec?.rules ?? []).map((rule) =>
        (rule.when ?? []).map(
          (c) => `${c.key}${c.values ? `=${c.values}` : ""}${c.notValues ? `!=${c.notValues}` : ""}`,
        ),
      ),
    ]),
  );
}

const NO_PRINCIPAL = "source.principal!=*";
const wl = (spec: Record<string, unknown>) =>
  pa("foo/workload", { selector: { matchLabels: { app: "a" } }, ...spec });

// Cases mirror pilot/pkg/serviceregistry/ambient/testdata/peer-authn-*.
describe("PeerAuthentication → ztunnel DENY policies (convertPeerAuthentication)", () => {
  it("mesh or namespace STRICT: the static STRICT policy", () => {
    expect(shape(synth([pa("foo/strict", { mtls: { mode: "STRICT" } })]))).toEqual({
      "istio-system/istio_converted_static_strict": [[NO_PRINCIPAL]],
    });
  });

  it("PERMISSIVE and DISABLE namespace policies produce nothing (peer-authn-permissive, peer-authn-disable)", () => {
    expect(synth([pa("foo/p", { mtls: { mode: "PERMISSIVE" } })])).toEqual([]);
    expect(synth([pa("foo/d", { mtls: { mode: "DISABLE" } })])).toEqual([]);
  });

  it("STRICT with a PERMISSIVE port: one group, no principal AND not that port (strict-and-permissive-port-mtls)", () => {
    expect(
      shape(synth([wl({ mtls: { mode: "STRICT" }, portLevelMtls: { 9090: { mode: "PERMISSIVE" } } })])),
    ).toEqual({
      "foo/converted_peer_authentication_workload": [[NO_PRINCIPAL, "destination.port!=9090"]],
    });
  });

  it("STRICT with a DISABLE port behaves the same (strict-and-disable-port-mtls)", () => {
    expect(
      shape(synth([wl({ mtls: { mode: "STRICT" }, portLevelMtls: { 9090: { mode: "DISABLE" } } })])),
    ).toEqual({
      "foo/converted_peer_authentication_workload": [[NO_PRINCIPAL, "destination.port!=9090"]],
    });
  });

  it("PERMISSIVE or DISABLE with a STRICT port: one group per strict port (permissive/disable-port-mtls-strict)", () => {
    for (const mode of ["PERMISSIVE", "DISABLE"]) {
      expect(
        shape(
          synth([
            wl({ mtls: { mode }, portLevelMtls: { 9090: { mode: "STRICT" }, 8080: { mode: "PERMISSIVE" } } }),
          ]),
        ),
      ).toEqual({
        "foo/converted_peer_authentication_workload": [["destination.port=9090", NO_PRINCIPAL]],
      });
    }
  });

  it("root and namespace PERMISSIVE, workload ports STRICT: sorted per-port groups", () => {
    const policies = [
      pa("istio-system/default-mesh", { mtls: { mode: "PERMISSIVE" } }),
      pa("foo/default-foo", { mtls: { mode: "PERMISSIVE" } }),
      wl({ portLevelMtls: { 9090: { mode: "STRICT" }, 8080: { mode: "STRICT" } } }),
    ];
    expect(shape(synth(policies))).toEqual({
      "foo/converted_peer_authentication_workload": [
        ["destination.port=8080", NO_PRINCIPAL],
        ["destination.port=9090", NO_PRINCIPAL],
      ],
    });
  });

  it("root STRICT, workload UNSET: the strict port is covered by the parent, the permissive one exempted", () => {
    const policies = [
      pa("istio-system/default-mesh", { mtls: { mode: "STRICT" } }),
      wl({ portLevelMtls: { 9090: { mode: "PERMISSIVE" }, 8080: { mode: "STRICT" } } }),
    ];
    expect(shape(synth(policies))).toEqual({
      "foo/converted_peer_authentication_workload": [["destination.port!=9090", NO_PRINCIPAL]],
    });
  });

  it("root PERMISSIVE, namespace UNSET: only the STRICT port is enforced", () => {
    const policies = [
      pa("istio-system/default-mesh", { mtls: { mode: "PERMISSIVE" } }),
      pa("foo/default-foo", { mtls: { mode: "UNSET" } }),
      wl({ portLevelMtls: { 9090: { mode: "STRICT" }, 8080: { mode: "PERMISSIVE" } } }),
    ];
    expect(shape(synth(policies))).toEqual({
      "foo/converted_peer_authentication_workload": [["destination.port=9090", NO_PRINCIPAL]],
    });
  });

  it("root PERMISSIVE with a PERMISSIVE workload port: nothing", () => {
    const policies = [
      pa("istio-system/default-mesh", { mtls: { mode: "PERMISSIVE" } }),
      wl({ portLevelMtls: { 9090: { mode: "PERMISSIVE" } } }),
    ];
    expect(synth(policies)).toEqual([]);
  });

  it("STRICT with only STRICT ports is just the static STRICT policy", () => {
    expect(
      shape(synth([wl({ mtls: { mode: "STRICT" }, portLevelMtls: { 9090: { mode: "STRICT" } } })])),
    ).toEqual({
      "istio-system/istio_converted_static_strict": [[NO_PRINCIPAL]],
    });
  });

  it("a root-namespace policy with a selector is not a mesh policy in ambient either", () => {
    expect(
      synth([pa("istio-system/sel", { selector: { matchLabels: { app: "a" } }, mtls: { mode: "STRICT" } })]),
    ).toEqual([]);
  });
});

describe("the synthetic policies enforce PeerAuthentication at ztunnel", () => {
  const decide = (policies: ReturnType<typeof pa>[], mtls: boolean, port: number) =>
    authorize(
      compileAuthorization([...synth(policies)], { enforcer: "ztunnel" }),
      req({ principal: mtls ? "cluster.local/ns/bar/sa/x" : null, port }),
    ).decision;

  it("STRICT except port 9090: plaintext only reaches 9090; mTLS reaches everything", () => {
    const policies = [wl({ mtls: { mode: "STRICT" }, portLevelMtls: { 9090: { mode: "PERMISSIVE" } } })];
    expect(decide(policies, false, 8080)).toBe("DENY");
    expect(decide(policies, false, 9090)).toBe("ALLOW");
    expect(decide(policies, true, 8080)).toBe("ALLOW");
  });

  it("authorize(input) at ztunnel adds them automatically; the decision names the static policy", () => {
    const d = authorize({
      resources: [pa("istio-system/mesh", { mtls: { mode: "STRICT" } })],
      workload,
      enforcer: "ztunnel",
      request: req({ principal: null }),
    });
    expect(d.decision).toBe("DENY");
    expect(d.deciding?.policy).toBe("istio-system/istio_converted_static_strict");
    expect(d.peerAuthentication?.mode).toBe("STRICT");
  });
});
