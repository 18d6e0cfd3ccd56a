import { describe, expect, it } from "vitest";
import { localityString, parseLocality } from "./locality";

describe("locality", () => {
  it("parses a full locality and renders it back", () => {
    const l = parseLocality("us-east-2/us-east-2a/rack1");
    expect(l).toEqual({ region: "us-east-2", zone: "us-east-2a", subzone: "rack1" });
    expect(localityString(l)).toBe("us-east-2/us-east-2a/rack1");
  });

  it("fills missing parts with empty strings, as istiod does", () => {
    expect(parseLocality("eastus")).toEqual({ region: "eastus", zone: "", subzone: "" });
    expect(localityString(parseLocality(""))).toBe("//");
  });
});
