import { describe, expect, it } from "vitest";
import { istioObjects } from "./istio-config";
import type { KubeObject } from "./kube-object";

const object = (apiVersion: string, kind: string, name: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: "shop" },
});

describe("istioObjects", () => {
  const resources = [
    object("security.istio.io/v1", "AuthorizationPolicy", "a"),
    object("gateway.networking.k8s.io/v1", "Gateway", "gateway-api"),
    object("networking.istio.io/v1", "Gateway", "istio"),
    object("security.istio.io/v1beta1", "AuthorizationPolicy", "b"),
  ];

  it("picks the Istio objects of a kind in load order, not another API group's kind of that name", () => {
    expect(istioObjects(resources, "AuthorizationPolicy").map((o) => o.metadata.name)).toEqual(["a", "b"]);
    expect(istioObjects(resources, "Gateway").map((o) => o.metadata.name)).toEqual(["istio"]);
  });

  it("keeps the answer for a frozen list, frozen; a mutable list is read afresh", () => {
    const frozen = Object.freeze([...resources]);
    const policies = istioObjects(frozen, "AuthorizationPolicy");
    expect(istioObjects(frozen, "AuthorizationPolicy")).toBe(policies);
    expect(Object.isFrozen(policies)).toBe(true);
    expect(istioObjects(frozen, "Gateway")).not.toBe(policies);

    const mutable = [...resources];
    const before = istioObjects(mutable, "AuthorizationPolicy");
    mutable.push(object("security.istio.io/v1", "AuthorizationPolicy", "c"));
    expect(istioObjects(mutable, "AuthorizationPolicy").map((o) => o.metadata.name)).toEqual(["a", "b", "c"]);
    expect(before.map((o) => o.metadata.name)).toEqual(["a", "b"]);
  });
});
