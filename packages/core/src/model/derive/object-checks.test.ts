import { describe, expect, it } from "vitest";
import type { KubeObject } from "../kube-object";
import { codes, deployment, namespace, service, singleCluster } from "./test-support";

describe("per-object checks", () => {
  it("duplicate kind/namespace/name is an error, and the later object is ignored", () => {
    const { cluster, diagnostics } = singleCluster([
      service("s", "a"),
      service("s", "a", { clusterIP: "None" }),
    ]);
    expect(codes(diagnostics)).toEqual(["MW2017"]);
    expect(diagnostics[0]!.path).toBe("$.spec.clusters[0].resources[1]");
    expect(cluster.services).toHaveLength(1);
    expect(cluster.services[0]!.headless).toBe(false);
  });

  it("Istio's Gateway and Gateway API's Gateway of one name are different objects", () => {
    const istio = {
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "gw", namespace: "s" },
    };
    const gatewayApi = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "gw", namespace: "s" },
    };
    expect(singleCluster([istio, gatewayApi]).diagnostics).toEqual([]);
  });

  it("an omitted namespace is `default`, so it collides with an explicit `default`", () => {
    const implicit = { ...service("default", "a"), metadata: { name: "a" } };
    expect(codes(singleCluster([implicit, service("default", "a")]).diagnostics)).toEqual(["MW2017"]);
  });

  it("objects without metadata.name are reported and skipped", () => {
    const nameless = { apiVersion: "v1", kind: "ConfigMap", metadata: {} } as unknown as KubeObject;
    expect(codes(singleCluster([nameless]).diagnostics)).toEqual(["MW2034"]);
  });

  it("label keys and values follow Kubernetes syntax (object and pod template labels)", () => {
    const bad = deployment("s", "web", { podLabels: { "Bad Key": "x" } });
    const badValue = namespace("n", { team: "a value with spaces" });
    const numeric = {
      ...namespace("m"),
      metadata: { name: "m", labels: { version: 1 } },
    } as unknown as KubeObject;
    const { diagnostics } = singleCluster([bad, badValue, numeric]);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["MW2018", '$.spec.clusters[0].resources[0].spec.template.metadata.labels["Bad Key"]'],
      ["MW2019", "$.spec.clusters[0].resources[1].metadata.labels.team"],
      ["MW2019", "$.spec.clusters[0].resources[2].metadata.labels.version"],
    ]);
    expect(diagnostics[2]!.fix).toBe('quote the value: "1"');
  });

  it("a Deployment's selector must match its template labels", () => {
    const web = deployment("s", "web");
    const mismatched = {
      ...web,
      spec: { ...(web.spec as object), selector: { matchLabels: { app: "other" } } },
    };
    const { diagnostics } = singleCluster([mismatched]);
    expect(codes(diagnostics)).toEqual(["MW2020"]);
    expect(diagnostics[0]!.path).toBe("$.spec.clusters[0].resources[0].spec.selector");
  });

  it("an empty or malformed controller selector is an error", () => {
    const web = deployment("s", "web");
    const empty = { ...web, spec: { ...(web.spec as object), selector: {} } };
    const malformed = {
      ...web,
      metadata: { name: "web2", namespace: "s" },
      spec: { ...(web.spec as object), selector: { matchExpressions: [{ key: "app", operator: "Near" }] } },
    };
    expect(codes(singleCluster([empty, malformed]).diagnostics)).toEqual(["MW2038", "MW2038"]);
  });

  it("matchExpressions selectors are honoured", () => {
    const web = deployment("s", "web");
    const expressions = {
      ...web,
      spec: {
        ...(web.spec as object),
        selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
      },
    };
    expect(singleCluster([expressions]).diagnostics).toEqual([]);
  });
});
