import { describe, expect, it } from "vitest";
import { resolveTrafficDistribution } from "./traffic-distribution";

const KEY = "networking.istio.io/traffic-distribution";

describe("traffic distribution (service.go GetTrafficDistribution, istio-semantics §1.3 step 3)", () => {
  it("precedence: spec.trafficDistribution > Service annotation > Namespace annotation > Any", () => {
    expect(
      resolveTrafficDistribution("PreferSameNode", { [KEY]: "PreferClose" }, { [KEY]: "PreferClose" }),
    ).toEqual({
      value: "PreferSameNode",
      source: "spec",
    });
    expect(
      resolveTrafficDistribution(undefined, { [KEY]: "PreferSameZone" }, { [KEY]: "PreferSameNode" }),
    ).toEqual({
      value: "PreferSameZone",
      source: "service-annotation",
    });
    expect(resolveTrafficDistribution(undefined, {}, { [KEY]: "PreferSameNode" })).toEqual({
      value: "PreferSameNode",
      source: "namespace-annotation",
    });
    expect(resolveTrafficDistribution(undefined, {}, {})).toEqual({ value: "Any", source: "default" });
  });

  it("annotations are case-insensitive; spec values are exact", () => {
    expect(resolveTrafficDistribution(undefined, { [KEY]: "preferclose" }, {}).value).toBe("PreferClose");
    expect(resolveTrafficDistribution("preferclose", {}, {})).toEqual({ value: "Any", source: "default" });
  });

  it("an unknown spec value falls through to the annotations", () => {
    expect(resolveTrafficDistribution("Nearby", { [KEY]: "PreferSameNode" }, {}).value).toBe(
      "PreferSameNode",
    );
  });

  it("an unknown annotation value means Any and stops the search (with a note for a warning)", () => {
    expect(resolveTrafficDistribution(undefined, { [KEY]: "Closest" }, { [KEY]: "PreferClose" })).toEqual({
      value: "Any",
      source: "service-annotation",
      unknown: { on: "service", value: "Closest" },
    });
  });

  it("an explicit Any annotation is Any without a warning", () => {
    expect(resolveTrafficDistribution(undefined, { [KEY]: "Any" }, { [KEY]: "PreferClose" })).toEqual({
      value: "Any",
      source: "service-annotation",
    });
  });
});
