import { describe, expect, it } from "vitest";
import { parseSniDnatCluster, sniDnatClusterName } from "./sni-cluster";

describe("model.BuildDNSSrvSubsetKey / ParseSubsetKey (istio-semantics §3.4)", () => {
  it("builds the SNI a sidecar sends: outbound_.<port>_.<subset>_.<host>", () => {
    expect(sniDnatClusterName(80, "svc.ns.svc.cluster.local")).toBe(
      "outbound_.80_._.svc.ns.svc.cluster.local",
    );
    expect(sniDnatClusterName(9080, "reviews.bookinfo.svc.cluster.local", "v2")).toBe(
      "outbound_.9080_.v2_.reviews.bookinfo.svc.cluster.local",
    );
  });

  it("parses it back", () => {
    expect(parseSniDnatCluster("outbound_.9080_.v2_.reviews.bookinfo.svc.cluster.local")).toEqual({
      cluster: { port: 9080, subset: "v2", host: "reviews.bookinfo.svc.cluster.local" },
    });
  });

  it.each([
    "reviews.bookinfo.svc.cluster.local",
    "outbound|9080||reviews",
    "inbound_.80_._.x",
    "outbound_.0_._.x",
  ])("%s is not an SNI-DNAT name (MW4622)", (name) => {
    const parsed = parseSniDnatCluster(name);
    expect("diagnostic" in parsed && parsed.diagnostic.code).toBe("MW4622");
  });
});
