import type { ServiceScopeConfig } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { serviceScope } from "./service-scope";
import { service } from "./test-support";

const ns = (labels: Record<string, string> = {}) => ({ labels });
const globalByNamespace: ServiceScopeConfig = {
  namespaceSelector: { matchLabels: { mesh: "global" } },
  scope: "GLOBAL",
};

describe("ambient/services.go matchServiceScope (istio-semantics §3.5)", () => {
  it("default LOCAL", () => {
    expect(serviceScope(service("echo", "app"), ns(), [], "upstream")).toMatchObject({
      scope: "LOCAL",
      diagnostics: [],
    });
  });

  it("upstream: istio.io/global=true (ambient profile) makes it GLOBAL; Solo's label does not", () => {
    const upstream = service("echo", "app", { labels: { "istio.io/global": "true" } });
    expect(serviceScope(upstream, ns(), [], "upstream").scope).toBe("GLOBAL");
    const solo = service("echo", "app", { labels: { "solo.io/service-scope": "global" } });
    expect(serviceScope(solo, ns(), [], "upstream").scope).toBe("LOCAL");
  });

  it("solo: solo.io/service-scope=global makes it GLOBAL (seed 000); istio.io/global does not", () => {
    const solo = service("echo-service", "app-a", { labels: { "solo.io/service-scope": "global" } });
    expect(serviceScope(solo, ns(), [], "solo")).toMatchObject({
      scope: "GLOBAL",
      reason: expect.stringMatching(/solo/),
    });
    const upstream = service("echo", "app", { labels: { "istio.io/global": "true" } });
    expect(serviceScope(upstream, ns(), [], "solo").scope).toBe("LOCAL");
  });

  it("a GLOBAL entry needs both its namespace and its service selector to match", () => {
    const config: ServiceScopeConfig = {
      ...globalByNamespace,
      servicesSelector: { matchLabels: { tier: "api" } },
    };
    const api = service("echo", "app", { labels: { tier: "api" } });
    expect(serviceScope(api, ns({ mesh: "global" }), [config], "upstream").scope).toBe("GLOBAL");
    expect(serviceScope(api, ns({ mesh: "local" }), [config], "upstream").scope).toBe("LOCAL");
    expect(serviceScope(service("echo", "app"), ns({ mesh: "global" }), [config], "upstream").scope).toBe(
      "LOCAL",
    );
  });

  it("an empty selector matches everything (Kubernetes 'nothing' is treated as 'everything')", () => {
    expect(serviceScope(service("echo", "app"), ns(), [{ scope: "GLOBAL" }], "upstream")).toMatchObject({
      scope: "GLOBAL",
      reason: "matches meshConfig.serviceScopeConfigs[0] (scope GLOBAL)",
    });
  });

  it("a matching LOCAL entry does not end the search: a later GLOBAL entry still wins", () => {
    const configs: ServiceScopeConfig[] = [{ scope: "LOCAL" }, globalByNamespace];
    expect(serviceScope(service("echo", "app"), ns({ mesh: "global" }), configs, "upstream").scope).toBe(
      "GLOBAL",
    );
  });

  it("matchExpressions In / NotIn / Exists / DoesNotExist", () => {
    const expr = (
      operator: "In" | "NotIn" | "Exists" | "DoesNotExist",
      values?: string[],
    ): ServiceScopeConfig => ({
      servicesSelector: { matchExpressions: [{ key: "tier", operator, ...(values ? { values } : {}) }] },
      scope: "GLOBAL",
    });
    const api = service("echo", "app", { labels: { tier: "api" } });
    const bare = service("echo", "app");
    expect(serviceScope(api, ns(), [expr("In", ["api", "web"])], "upstream").scope).toBe("GLOBAL");
    expect(serviceScope(api, ns(), [expr("NotIn", ["api"])], "upstream").scope).toBe("LOCAL");
    expect(serviceScope(bare, ns(), [expr("NotIn", ["api"])], "upstream").scope).toBe("GLOBAL");
    expect(serviceScope(api, ns(), [expr("Exists")], "upstream").scope).toBe("GLOBAL");
    expect(serviceScope(bare, ns(), [expr("DoesNotExist")], "upstream").scope).toBe("GLOBAL");
    expect(serviceScope(api, ns(), [expr("DoesNotExist")], "upstream").scope).toBe("LOCAL");
  });

  it("an invalid selector is skipped with MW4610 (LabelSelectorAsSelector error)", () => {
    const bad: ServiceScopeConfig = {
      servicesSelector: { matchExpressions: [{ key: "tier", operator: "In", values: [] }] },
      scope: "GLOBAL",
    };
    const verdict = serviceScope(service("echo", "app"), ns(), [bad], "upstream");
    expect(verdict.scope).toBe("LOCAL");
    expect(verdict.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["MW4610", "$.meshConfig.serviceScopeConfigs[0]"],
    ]);
  });

  it("an unknown namespace skips every entry with MW4611; the flavour label still applies", () => {
    const labelled = service("echo", "app", { labels: { "istio.io/global": "true" } });
    const verdict = serviceScope(labelled, undefined, [globalByNamespace], "upstream");
    expect(verdict.scope).toBe("GLOBAL");
    expect(verdict.diagnostics.map((d) => d.code)).toEqual(["MW4611"]);
  });
});
