import { describe, expect, it } from "vitest";
import { ambientEnablement } from "./ambient-enablement";
import { type DataplaneSubject, resolveDataplane } from "./dataplane";

function pod(labels: Record<string, string> = {}, podSpec: Record<string, unknown> = {}): DataplaneSubject {
  return { namespace: "sample", workloadName: "web", labels, annotations: {}, podSpec };
}

const AMBIENT_NS = { "istio.io/dataplane-mode": "ambient" };

describe("ambient enablement (cni enablement_selector.go Matches, default selectors)", () => {
  it("namespace label istio.io/dataplane-mode=ambient captures its pods", () => {
    const decision = ambientEnablement(
      { namespace: "a", labels: {}, hostNetwork: false, hasSidecar: false },
      AMBIENT_NS,
    );
    expect(decision).toEqual({
      captured: true,
      selected: true,
      reason: "namespace label istio.io/dataplane-mode=ambient",
    });
  });

  it("pod label istio.io/dataplane-mode=ambient captures the pod in any namespace", () => {
    const labels = { "istio.io/dataplane-mode": "ambient" };
    expect(
      ambientEnablement({ namespace: "a", labels, hostNetwork: false, hasSidecar: false }, {}).captured,
    ).toBe(true);
  });

  it("pod label istio.io/dataplane-mode=none opts out of an ambient namespace", () => {
    const labels = { "istio.io/dataplane-mode": "none" };
    const decision = ambientEnablement(
      { namespace: "a", labels, hostNetwork: false, hasSidecar: false },
      AMBIENT_NS,
    );
    expect(decision.captured).toBe(false);
    expect(decision.reason).toBe("pod label istio.io/dataplane-mode=none");
  });

  it("a pod with a sidecar is never captured (podHasSidecar)", () => {
    expect(
      ambientEnablement({ namespace: "a", labels: {}, hostNetwork: false, hasSidecar: true }, AMBIENT_NS)
        .captured,
    ).toBe(false);
  });

  it("istio-cni excludeNamespaces (kube-system) is never captured", () => {
    const decision = ambientEnablement(
      { namespace: "kube-system", labels: {}, hostNetwork: false, hasSidecar: false },
      AMBIENT_NS,
    );
    expect(decision.captured).toBe(false);
  });
});

describe("dataplane mode resolution (injection first, then ambient)", () => {
  it("injected pods run a sidecar and get tlsMode and canonical-service labels from the injection template", () => {
    const outcome = resolveDataplane(
      pod({ app: "reviews", version: "v2" }),
      { "istio-injection": "enabled" },
      undefined,
    );
    expect(outcome.dataplane).toBe("sidecar");
    expect(outcome.labels).toMatchObject({
      "security.istio.io/tlsMode": "istio",
      "service.istio.io/canonical-name": "reviews",
      "service.istio.io/canonical-revision": "v2",
    });
  });

  it("injection template keeps a tlsMode the pod already has and defaults the canonical name to the workload", () => {
    const outcome = resolveDataplane(
      pod({ "security.istio.io/tlsMode": "disabled" }),
      { "istio-injection": "enabled" },
      undefined,
    );
    expect(outcome.labels["security.istio.io/tlsMode"]).toBe("disabled");
    expect(outcome.labels["service.istio.io/canonical-name"]).toBe("web");
    expect(outcome.labels["service.istio.io/canonical-revision"]).toBe("latest");
  });

  it("ambient pods get the istio-cni redirection annotation, not a tlsMode label (Istio sets none for ambient)", () => {
    const outcome = resolveDataplane(pod(), AMBIENT_NS, undefined);
    expect(outcome.dataplane).toBe("ambient");
    expect(outcome.labels["security.istio.io/tlsMode"]).toBeUndefined();
    expect(outcome.annotations["ambient.istio.io/redirection"]).toBe("enabled");
  });

  it("precedence: a pod that gets a sidecar in an ambient namespace stays sidecar, and says why", () => {
    const outcome = resolveDataplane(pod({ "sidecar.istio.io/inject": "true" }), AMBIENT_NS, undefined);
    expect(outcome.dataplane).toBe("sidecar");
    expect(outcome.reason).toContain("never captured by ambient");
  });

  it("precedence: namespace injection wins over a pod ambient label", () => {
    const outcome = resolveDataplane(
      pod({ "istio.io/dataplane-mode": "ambient" }),
      { "istio-injection": "enabled" },
      undefined,
    );
    expect(outcome.dataplane).toBe("sidecar");
  });

  it("precedence: inject=false in an injection namespace lets the pod's ambient label capture it", () => {
    const labels = { "sidecar.istio.io/inject": "false", "istio.io/dataplane-mode": "ambient" };
    expect(resolveDataplane(pod(labels), { "istio-injection": "enabled" }, undefined).dataplane).toBe(
      "ambient",
    );
  });

  it("hostNetwork pods are neither injected nor captured", () => {
    const outcome = resolveDataplane(
      pod({}, { hostNetwork: true }),
      { "istio-injection": "enabled", ...AMBIENT_NS },
      undefined,
    );
    expect(outcome.dataplane).toBe("none");
    expect(outcome.reason).toMatch(/hostNetwork/);
  });

  it("no label: dataplane none, and the reason names both decisions", () => {
    const outcome = resolveDataplane(pod(), {}, undefined);
    expect(outcome.dataplane).toBe("none");
    expect(outcome.reason).toContain("no injection label");
    expect(outcome.reason).toContain("dataplane-mode=ambient");
  });
});
