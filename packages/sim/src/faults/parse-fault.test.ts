import { describe, expect, it } from "vitest";
import { describeFault } from "./fault";
import { parseFault } from "./parse-fault";

describe("parseFault", () => {
  it("reads every fault kind", () => {
    expect(parseFault("cluster-down=aks")).toEqual({ kind: "cluster-down", cluster: "aks" });
    expect(parseFault("gateway-down=aks/eastwest")).toEqual({
      kind: "gateway-down",
      cluster: "aks",
      gateway: "eastwest",
    });
    expect(parseFault("gateway-no-address=eks")).toEqual({ kind: "gateway-no-address", cluster: "eks" });
    expect(parseFault("unhealthy=a/b/c,a/b/d")).toEqual({ kind: "unhealthy", workloads: ["a/b/c", "a/b/d"] });
    expect(parseFault("partition=n1,n2")).toEqual({ kind: "partition", networks: ["n1", "n2"] });
    expect(parseFault("remote-api-unreachable=eks:aks:none")).toEqual({
      kind: "remote-api-unreachable",
      istiod: "eks",
      remote: "aks",
      mode: "none",
    });
    expect(parseFault("remote-api-unreachable=eks:aks")).toMatchObject({ mode: "stale" });
  });

  it("explains bad input instead of guessing", () => {
    expect(parseFault("meteor=everything")).toHaveProperty("error");
    expect(parseFault("partition=n1")).toHaveProperty("error");
    expect(parseFault("cluster-down")).toHaveProperty("error");
    expect(parseFault("remote-api-unreachable=eks:aks:maybe")).toHaveProperty("error");
  });

  it("describes what it parsed in one line", () => {
    const fault = parseFault("partition=network1,network2");
    expect("error" in fault ? fault.error : describeFault(fault)).toBe(
      "network partition network1 <-/-> network2",
    );
  });
});
