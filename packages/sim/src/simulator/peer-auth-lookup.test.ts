import type { KubeObject } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { type EndpointNamespaces, peerAuthKey } from "./peer-auth-lookup";

const strict = (namespace: string, mode = "STRICT"): KubeObject => ({
  apiVersion: "security.istio.io/v1",
  kind: "PeerAuthentication",
  metadata: { name: "default", namespace },
  spec: { mtls: { mode } },
});
const other: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "a" } };
const of = (...names: string[]): EndpointNamespaces => ({ names: new Set(names), key: names.join(",") });

describe("peerAuthKey", () => {
  it("is equal for equal PeerAuthentications, whatever else the clusters hold", () => {
    expect(peerAuthKey([strict("a"), other], "istio-system", of("a"))).toBe(
      peerAuthKey([strict("a")], "istio-system", of("a")),
    );
  });

  it("differs when a policy, its order or the root namespace differs", () => {
    const base = peerAuthKey([strict("a"), strict("b")], "istio-system", of("a", "b"));
    expect(peerAuthKey([strict("a"), strict("b", "DISABLE")], "istio-system", of("a", "b"))).not.toBe(base);
    expect(peerAuthKey([strict("b"), strict("a")], "istio-system", of("a", "b"))).not.toBe(base);
    expect(peerAuthKey([strict("a"), strict("b")], "mesh-root", of("a", "b"))).not.toBe(base);
  });

  it("reads only the policies that can apply to the endpoints' namespaces and the root namespace", () => {
    const inA = peerAuthKey([strict("a"), strict("istio-system")], "istio-system", of("a"));
    // Another namespace's policy does not change the key of endpoints in `a` ...
    expect(peerAuthKey([strict("a"), strict("b"), strict("istio-system")], "istio-system", of("a"))).toBe(
      inA,
    );
    // ... but the root namespace's and their own do.
    expect(peerAuthKey([strict("a"), strict("istio-system", "DISABLE")], "istio-system", of("a"))).not.toBe(
      inA,
    );
    expect(peerAuthKey([strict("a", "DISABLE"), strict("istio-system")], "istio-system", of("a"))).not.toBe(
      inA,
    );
  });
});
