import { describe, expect, it } from "vitest";
import { describeExportTo, parseExportTo, visibleIn } from "./export-to";

describe("exportTo visibility (PushContext.IsServiceVisible)", () => {
  const parse = (values: string[] | undefined, defaults = ["*"]) =>
    parseExportTo(values, "ns1", defaults, "$.spec.exportTo");

  it("defaults to the mesh default (*) when absent", () => {
    const { exportTo } = parse(undefined);
    expect(exportTo.declared).toBe(false);
    expect(visibleIn(exportTo, "ns1", "anything")).toBe(true);
  });
  it('"." is the owner namespace only', () => {
    const { exportTo } = parse(["."]);
    expect(visibleIn(exportTo, "ns1", "ns1")).toBe(true);
    expect(visibleIn(exportTo, "ns1", "ns2")).toBe(false);
  });
  it('"~" hides the object from everyone, including its own namespace', () => {
    const { exportTo } = parse(["~"]);
    expect(visibleIn(exportTo, "ns1", "ns1")).toBe(false);
    expect(describeExportTo(exportTo)).toBe("~");
  });
  it("named namespaces (and the own namespace written out) are visible", () => {
    const { exportTo } = parse(["ns1", "ns3"]);
    expect(visibleIn(exportTo, "ns1", "ns1")).toBe(true);
    expect(visibleIn(exportTo, "ns1", "ns3")).toBe(true);
    expect(visibleIn(exportTo, "ns1", "ns2")).toBe(false);
  });
  it("a mesh default of . applies when the object sets nothing", () => {
    const { exportTo } = parse(undefined, ["."]);
    expect(visibleIn(exportTo, "ns1", "ns2")).toBe(false);
  });
  it("reports ~ or * combined with other entries, and bad namespace names (validation webhook rules)", () => {
    expect(parse(["~", "ns2"]).diagnostics.map((d) => d.code)).toEqual(["MW4002"]);
    expect(parse(["*", "."]).diagnostics.map((d) => d.code)).toEqual(["MW4002"]);
    const bad = parse(["Not_A_Namespace"]);
    expect(bad.diagnostics[0]?.path).toBe("$.spec.exportTo[0]");
  });
});
