import { describe, expect, it } from "vitest";
import type { SidecarInjectorSettings } from "../cluster";
import { type InjectionSubject, sidecarInjection } from "./sidecar-injection";

function subject(overrides: Partial<InjectionSubject> = {}): InjectionSubject {
  return { namespace: "sample", labels: {}, annotations: {}, hostNetwork: false, ...overrides };
}

function decide(
  nsLabels: Record<string, string>,
  pod: Partial<InjectionSubject> = {},
  settings: SidecarInjectorSettings = {},
): boolean {
  return sidecarInjection(subject(pod), nsLabels, settings).inject;
}

describe("sidecar injection (mutatingwebhook.yaml selectors + inject.go injectRequired)", () => {
  it("namespace webhook: istio-injection=enabled injects unlabelled pods", () => {
    const decision = sidecarInjection(subject(), { "istio-injection": "enabled" });
    expect(decision).toEqual({ inject: true, reason: "namespace label istio-injection=enabled" });
  });

  it("namespace webhook objectSelector: pod label sidecar.istio.io/inject=false opts out", () => {
    expect(decide({ "istio-injection": "enabled" }, { labels: { "sidecar.istio.io/inject": "false" } })).toBe(
      false,
    );
  });

  it("injectRequired: the legacy annotation sidecar.istio.io/inject=false opts out once a webhook is called", () => {
    const decision = sidecarInjection(subject({ annotations: { "sidecar.istio.io/inject": "false" } }), {
      "istio-injection": "enabled",
    });
    expect(decision).toEqual({ inject: false, reason: "pod annotation sidecar.istio.io/inject=false" });
  });

  it("injectRequired: the pod label wins over the legacy annotation", () => {
    const pod = {
      labels: { "sidecar.istio.io/inject": "true" },
      annotations: { "sidecar.istio.io/inject": "false" },
    };
    expect(decide({ "istio-injection": "enabled" }, pod)).toBe(true);
  });

  it("objectSelector reads labels only: the annotation alone never selects a webhook", () => {
    expect(decide({}, { annotations: { "sidecar.istio.io/inject": "true" } })).toBe(false);
  });

  it("object webhook: pod label sidecar.istio.io/inject=true injects in an unlabelled namespace", () => {
    expect(sidecarInjection(subject({ labels: { "sidecar.istio.io/inject": "true" } }), {}).reason).toBe(
      "pod label sidecar.istio.io/inject=true",
    );
  });

  it("istio-injection=disabled blocks every webhook, even pod label inject=true", () => {
    const decision = sidecarInjection(subject({ labels: { "sidecar.istio.io/inject": "true" } }), {
      "istio-injection": "disabled",
    });
    expect(decision).toEqual({ inject: false, reason: "namespace label istio-injection=disabled" });
  });

  it("an istio-injection value other than enabled matches no webhook", () => {
    expect(decide({ "istio-injection": "true" })).toBe(false);
  });

  it("rev.namespace webhook: istio.io/rev=default on the namespace injects", () => {
    expect(sidecarInjection(subject(), { "istio.io/rev": "default" }).reason).toBe(
      "namespace label istio.io/rev=default",
    );
  });

  it("rev.namespace webhook: a revision that is not installed injects nothing", () => {
    expect(decide({ "istio.io/rev": "canary" })).toBe(false);
    expect(decide({ "istio.io/rev": "canary" }, {}, { revisions: ["default", "canary"] })).toBe(true);
  });

  it("istio-injection takes precedence over istio.io/rev on the namespace", () => {
    expect(decide({ "istio-injection": "disabled", "istio.io/rev": "default" })).toBe(false);
    expect(decide({ "istio-injection": "enabled", "istio.io/rev": "canary" })).toBe(true);
  });

  it("rev.object webhook: pod label istio.io/rev selects an installed revision", () => {
    expect(decide({}, { labels: { "istio.io/rev": "canary" } }, { revisions: ["canary"] })).toBe(true);
    expect(decide({}, { labels: { "istio.io/rev": "canary" } })).toBe(false);
  });

  it("object webhook needs the default revision: only revisioned istiods means inject=true is ignored", () => {
    expect(decide({}, { labels: { "sidecar.istio.io/inject": "true" } }, { revisions: ["canary"] })).toBe(
      false,
    );
    expect(decide({ "istio-injection": "enabled" }, {}, { revisions: ["canary"] })).toBe(false);
  });

  it("no label anywhere: no injection (enableNamespacesByDefault is off by default)", () => {
    expect(sidecarInjection(subject(), {})).toEqual({
      inject: false,
      reason: "no injection label on the namespace or the pod",
    });
  });

  it("auto webhook: enableNamespacesByDefault injects unlabelled namespaces except kube-system", () => {
    expect(decide({}, {}, { enableNamespacesByDefault: true })).toBe(true);
    expect(decide({}, { namespace: "kube-system" }, { enableNamespacesByDefault: true })).toBe(false);
  });

  it("injectRequired: hostNetwork pods are never injected", () => {
    const decision = sidecarInjection(subject({ hostNetwork: true }), { "istio-injection": "enabled" });
    expect(decision.inject).toBe(false);
    expect(decision.reason).toMatch(/hostNetwork/);
  });

  it("injectRequired: IgnoredNamespaces (kube-system, kube-public...) are never injected", () => {
    expect(decide({ "istio-injection": "enabled" }, { namespace: "kube-public" })).toBe(false);
  });

  it("injectRequired: neverInjectSelector beats alwaysInjectSelector and the policy", () => {
    const settings: SidecarInjectorSettings = {
      neverInjectSelector: [{ matchLabels: { batch: "true" } }],
      alwaysInjectSelector: [{ matchLabels: { batch: "true" } }],
    };
    expect(decide({ "istio-injection": "enabled" }, { labels: { batch: "true" } }, settings)).toBe(false);
  });

  it("injectRequired: an explicit pod label beats neverInjectSelector", () => {
    const settings: SidecarInjectorSettings = { neverInjectSelector: [{ matchLabels: { app: "x" } }] };
    expect(
      decide(
        { "istio-injection": "enabled" },
        { labels: { app: "x", "sidecar.istio.io/inject": "true" } },
        settings,
      ),
    ).toBe(true);
  });

  it("injectRequired: autoInject disabled injects only pods that ask, or match alwaysInjectSelector", () => {
    const disabled: SidecarInjectorSettings = { autoInject: "disabled" };
    expect(decide({ "istio-injection": "enabled" }, {}, disabled)).toBe(false);
    expect(
      decide(
        { "istio-injection": "enabled" },
        { annotations: { "sidecar.istio.io/inject": "true" } },
        disabled,
      ),
    ).toBe(true);
    const always: SidecarInjectorSettings = {
      ...disabled,
      alwaysInjectSelector: [{ matchLabels: { app: "x" } }],
    };
    expect(decide({ "istio-injection": "enabled" }, { labels: { app: "x" } }, always)).toBe(true);
  });

  it("injectRequired: an invalid inject value falls back to the default policy", () => {
    expect(
      decide({ "istio-injection": "enabled" }, { annotations: { "sidecar.istio.io/inject": "yes" } }),
    ).toBe(true);
  });

  it("a pod that already carries sidecar.istio.io/status was injected before", () => {
    expect(sidecarInjection(subject({ annotations: { "sidecar.istio.io/status": "{}" } }), {}).inject).toBe(
      true,
    );
  });
});
