import type { KubeObject } from "@meshwright/core";
import { describe, expect, it } from "vitest";
import { peerAuthKey } from "./peer-auth-lookup";

const strict = (namespace: string, mode = "STRICT"): KubeObject => ({
  apiVersion: "security.istio.io/v1",
  kind: "PeerAuthentication",
  metadata: { name: "default", namespace },
  spec: { mtls: { mode } },
});
const other: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "a" } };

describe("peerAuthKey", () => {
  it("is equal for equal PeerAuthentications, whatever else the clusters hold", () => {
    expect(peerAuthKey([strict("a"), other], "istio-system")).toBe(
      peerAuthKey([strict("a")], "istio-system"),
    );
  });

  it("differs when a policy, its order or the root namespace differs", () => {
    const base = peerAuthKey([strict("a"), strict("b")], "istio-system");
    expect(peerAuthKey([strict("a"), strict("b", "DISABLE")], "istio-system")).not.toBe(base);
    expect(peerAuthKey([strict("b"), strict("a")], "istio-system")).not.toBe(base);
    expect(peerAuthKey([strict("a"), strict("b")], "mesh-root")).not.toBe(base);
  });
});
