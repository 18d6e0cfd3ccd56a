import { describe, expect, it } from "vitest";
import { attachPolicies, policiesForWorkload } from "./attachment";
import { ap } from "./test-helpers";

const names = (list: readonly { metadata: { namespace?: string; name: string } }[]) =>
  list.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);

const workload = { namespace: "foo", labels: { app: "httpbin", version: "v1" } };
const all = [
  ap("istio-system/mesh-wide", {}),
  ap("istio-system/root-selector", { selector: { matchLabels: { app: "httpbin" } } }),
  ap("istio-system/root-selector-other", { selector: { matchLabels: { app: "other" } } }),
  ap("foo/ns-wide", {}),
  ap("foo/selected", { selector: { matchLabels: { app: "httpbin", version: "v1" } } }),
  ap("foo/not-selected", { selector: { matchLabels: { app: "httpbin", version: "v2" } } }),
  ap("foo/empty-labels", { selector: {} }),
  ap("foo/target-gateway", {
    targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "gw" }],
  }),
  ap("foo/target-service", { targetRefs: [{ kind: "Service", group: "", name: "httpbin" }] }),
  ap("bar/other-ns", {}),
];

describe("sidecar attachment (ListAuthorizationPolicies / ShouldAttachPolicy)", () => {
  it("root + own namespace only; selector ⊆ labels; targetRef policies ignored by sidecars", () => {
    expect(names(policiesForWorkload({ policies: all, workload, enforcer: "sidecar" }))).toEqual([
      "istio-system/mesh-wide",
      "istio-system/root-selector",
      "foo/ns-wide",
      "foo/selected",
      "foo/empty-labels",
    ]);
  });

  it("a root-namespace policy with a selector applies in every namespace", () => {
    const other = { namespace: "baz", labels: { app: "httpbin" } };
    expect(names(policiesForWorkload({ policies: all, workload: other, enforcer: "sidecar" }))).toEqual([
      "istio-system/mesh-wide",
      "istio-system/root-selector",
    ]);
  });

  it("honours a custom root namespace", () => {
    const policies = [ap("mesh-root/wide", {}), ap("istio-system/not-root", {})];
    expect(
      names(policiesForWorkload({ policies, workload, enforcer: "sidecar", rootNamespace: "mesh-root" })),
    ).toEqual(["mesh-root/wide"]);
  });
});

describe("Gateway API gateway attachment", () => {
  const gateway = {
    namespace: "foo",
    labels: { "gateway.networking.k8s.io/gateway-name": "gw", app: "httpbin" },
  };

  it("targetRefs of kind Gateway in the same namespace naming the gateway attach", () => {
    expect(names(policiesForWorkload({ policies: all, workload: gateway, enforcer: "gateway" }))).toContain(
      "foo/target-gateway",
    );
  });

  it("selector policies fall back only with ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY (default true)", () => {
    const on = names(policiesForWorkload({ policies: all, workload: gateway, enforcer: "gateway" }));
    expect(on).toContain("foo/ns-wide");
    const off = names(
      policiesForWorkload({
        policies: all,
        workload: gateway,
        enforcer: "gateway",
        selectorBasedGatewayPolicy: false,
      }),
    );
    expect(off).toEqual(["foo/target-gateway"]);
  });

  it("a targetRef naming another namespace never matches", () => {
    const policies = [
      ap("foo/cross", {
        targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "gw", namespace: "bar" }],
      }),
    ];
    expect(policiesForWorkload({ policies, workload: gateway, enforcer: "gateway" })).toEqual([]);
  });
});

describe("waypoint attachment: targetRefs only", () => {
  const waypoint = { namespace: "foo", labels: { "gateway.networking.k8s.io/gateway-name": "waypoint" } };
  const policies = [
    ap("foo/svc", { targetRefs: [{ kind: "Service", group: "", name: "httpbin" }] }),
    ap("foo/svc-core", { targetRefs: [{ kind: "Service", group: "core", name: "httpbin" }] }),
    ap("foo/se", { targetRefs: [{ kind: "ServiceEntry", group: "networking.istio.io", name: "ext" }] }),
    ap("foo/wp", { targetRef: { kind: "Gateway", group: "gateway.networking.k8s.io", name: "waypoint" } }),
    ap("istio-system/class", {
      targetRefs: [{ kind: "GatewayClass", group: "gateway.networking.k8s.io", name: "istio-waypoint" }],
    }),
    ap("foo/class-not-root", {
      targetRefs: [{ kind: "GatewayClass", group: "gateway.networking.k8s.io", name: "istio-waypoint" }],
    }),
    ap("foo/selector", {
      selector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "waypoint" } },
    }),
    ap("istio-system/mesh-wide", {}),
    ap("bar/svc-elsewhere", { targetRefs: [{ kind: "Service", group: "", name: "reviews" }] }),
  ];

  it("Service targetRefs attach for the service of the request; selectors are ignored", () => {
    const services = [{ name: "httpbin", namespace: "foo", kind: "Service" as const }];
    expect(
      names(
        policiesForWorkload({ policies, workload: waypoint, enforcer: "waypoint", waypoint: { services } }),
      ),
    ).toEqual(["foo/svc", "foo/svc-core", "foo/wp", "istio-system/class"]);
  });

  it("services in other namespaces bring their namespace's policies; ServiceEntry needs kind ServiceEntry", () => {
    const services = [
      { name: "reviews", namespace: "bar", kind: "Service" as const },
      { name: "ext", namespace: "foo", kind: "ServiceEntry" as const },
    ];
    const attached = names(
      policiesForWorkload({ policies, workload: waypoint, enforcer: "waypoint", waypoint: { services } }),
    );
    expect(attached).toEqual(["foo/se", "foo/wp", "istio-system/class", "bar/svc-elsewhere"]);
  });
});

describe("ztunnel attachment scopes (convertAuthorizationPolicy, buildWorkloadPolicies)", () => {
  it("namespace and global (root) policies apply; selector ones in own or root namespace; targetRefs never", () => {
    expect(names(policiesForWorkload({ policies: all, workload, enforcer: "ztunnel" }))).toEqual([
      "istio-system/mesh-wide",
      "istio-system/root-selector",
      "foo/ns-wide",
      "foo/selected",
    ]);
  });

  it("a selector without labels selects nothing in ambient (and says so)", () => {
    const result = attachPolicies({
      policies: [ap("foo/empty", { selector: {} })],
      workload,
      enforcer: "ztunnel",
    });
    expect(result.policies).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW6010"]);
  });

  it("malformed policies are left out with a diagnostic, never thrown", () => {
    const broken = ap("foo/broken", { rules: "not-a-list" });
    const result = attachPolicies({ policies: [broken, ap("foo/ok", {})], workload, enforcer: "sidecar" });
    expect(names(result.policies)).toEqual(["foo/ok"]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW6000"]);
  });
});
