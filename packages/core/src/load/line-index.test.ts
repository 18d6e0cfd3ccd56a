import { describe, expect, it } from "vitest";
import { lineColumnAt, lineStarts } from "./line-index";

describe("line index", () => {
  it("maps offsets to 1-based lines and columns", () => {
    const text = "a: 1\nbb: 2\n\nc: 3";
    const starts = lineStarts(text);
    expect(lineColumnAt(starts, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(starts, text.indexOf("bb"))).toEqual({ line: 2, column: 1 });
    expect(lineColumnAt(starts, text.indexOf("2"))).toEqual({ line: 2, column: 5 });
    expect(lineColumnAt(starts, text.indexOf("c"))).toEqual({ line: 4, column: 1 });
  });
});
