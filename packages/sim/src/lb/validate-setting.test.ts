import { describe, expect, it } from "vitest";
import { localityPatternProblem, validateLocalityLbSetting } from "./validate-setting";

const codes = (raw: unknown, hasOutlierDetection = true) =>
  validateLocalityLbSetting(raw, { hasOutlierDetection }).map((d) => d.code);

describe("validateLocalityLbSetting (ValidateLocalityLbSetting)", () => {
  it("a valid setting has no findings", () => {
    expect(codes({ distribute: [{ from: "r1/*", to: { "r1/*": 80, "r2/*": 20 } }] })).toEqual([]);
    expect(
      codes({ failover: [{ from: "r1", to: "r2" }], failoverPriority: ["topology.istio.io/network"] }),
    ).toEqual([]);
  });

  it("can not simultaneously specify distribute and failover", () => {
    expect(
      codes({ distribute: [{ from: "r1", to: { r1: 100 } }], failover: [{ from: "r1", to: "r2" }] }),
    ).toContain("MW4501");
  });

  it("can not set failover and a region/zone/subzone label in failoverPriority", () => {
    expect(
      codes({ failover: [{ from: "r1", to: "r2" }], failoverPriority: ["topology.kubernetes.io/zone"] }),
    ).toEqual(["MW4502"]);
  });

  it("distribute weights must be 1..100 and add up to 100", () => {
    expect(codes({ distribute: [{ from: "r1", to: { r1: 0, r2: 100 } }] })).toEqual(["MW4503"]);
    expect(codes({ distribute: [{ from: "r1", to: { r1: 60, r2: 30 } }] })).toEqual(["MW4504"]);
  });

  it("failover must name two different plain regions", () => {
    expect(codes({ failover: [{ from: "r1", to: "r1" }] })).toEqual(["MW4506"]);
    expect(codes({ failover: [{ from: "r1/z1", to: "r*" }] })).toEqual(["MW4507"]);
  });

  it("locality patterns: one trailing * at most, no empty part", () => {
    expect(localityPatternProblem("r1/*")).toBeNull();
    expect(localityPatternProblem("*/z1")).not.toBeNull();
    expect(localityPatternProblem("r1//s1")).not.toBeNull();
    expect(codes({ distribute: [{ from: "r1/*/*", to: { r1: 100 } }] })).toEqual(["MW4505"]);
  });

  it("failover without outlierDetection is a warning: it would do nothing", () => {
    const findings = validateLocalityLbSetting(
      { failover: [{ from: "r1", to: "r2" }] },
      { hasOutlierDetection: false },
    );
    expect(findings.map((d) => [d.code, d.severity])).toEqual([["MW4508", "warning"]]);
  });

  it("wrong types are MW4500 with a path, never a crash", () => {
    const findings = validateLocalityLbSetting(
      { distribute: [{ from: 3, to: { r1: "all" } }], failover: "r2" },
      {
        hasOutlierDetection: true,
      },
    );
    expect(findings.map((d) => d.code)).toEqual(["MW4500", "MW4500"]);
    expect(validateLocalityLbSetting("nonsense", { hasOutlierDetection: true }).map((d) => d.code)).toEqual([
      "MW4500",
    ]);
  });
});
