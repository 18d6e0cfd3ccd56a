/**
 * Test support: parses an SVG document as XML (well-formedness errors throw) and lists the text it
 * shows, so tests check what a reader of the picture would see.
 */
import { DOMParser } from "@xmldom/xmldom";

/** The text of every `<text>` element of `svg`, in document order; throws when `svg` is not well-formed XML. */
export function svgTexts(svg: string): string[] {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(`SVG is not well-formed XML: ${message}`);
    },
  }).parseFromString(svg, "image/svg+xml");
  if (document.documentElement?.nodeName !== "svg") throw new Error("the document's root is not <svg>");
  return Array.from(document.getElementsByTagName("text")).map((t) => t.textContent ?? "");
}
