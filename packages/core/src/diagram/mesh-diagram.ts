import type { Diagnostic } from "../diagnostics/diagnostic";
import type { Mesh } from "../model/mesh";
import { type BuildDiagramOptions, buildDiagram } from "./build-diagram";
import { DIAGRAM_CODES, diagramDiagnostic } from "./codes";
import type { Diagram } from "./diagram-model";
import { renderDot } from "./dot/render-dot";
import { renderMermaid } from "./mermaid/render-mermaid";

/** The text formats core writes (the CLI renders `dot` on to SVG). */
export type DiagramFormat = "mermaid" | "dot";

/** Every text format, by name. */
export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ["mermaid", "dot"];

const RENDERERS: Readonly<Record<DiagramFormat, (diagram: Diagram) => string>> = {
  mermaid: renderMermaid,
  dot: renderDot,
};

/** What to draw, and in which format. */
export interface MeshDiagramOptions extends BuildDiagramOptions {
  /** One of `DIAGRAM_FORMATS` (default `mermaid`); anything else is MW8502. */
  readonly format?: string;
}

/** The diagram text and the diagram it was written from, or the errors that prevented it. */
export interface MeshDiagramResult {
  readonly text?: string;
  readonly diagram?: Diagram;
  readonly diagnostics: readonly Diagnostic[];
}

/** True when `text` names a text format. */
export function isDiagramFormat(text: string): text is DiagramFormat {
  return (DIAGRAM_FORMATS as readonly string[]).includes(text);
}

/**
 * The topology diagram of `mesh` (optionally with a request trace drawn over it) as Mermaid or DOT
 * text: `buildDiagram` followed by the format's renderer. Never throws on bad options; an unknown
 * format is MW8502, and the other findings are `buildDiagram`'s.
 */
export function meshDiagram(mesh: Mesh, options: MeshDiagramOptions = {}): MeshDiagramResult {
  const format = options.format ?? "mermaid";
  if (!isDiagramFormat(format)) {
    return {
      diagnostics: [
        diagramDiagnostic(DIAGRAM_CODES.formatUnknown, {
          message: `unknown diagram format ${JSON.stringify(format)}`,
          path: "format",
          expected: DIAGRAM_FORMATS.join(" | "),
          found: String(format),
        }),
      ],
    };
  }
  const built = buildDiagram(mesh, options);
  if (built.diagram === undefined) return built;
  return { text: RENDERERS[format](built.diagram), diagram: built.diagram, diagnostics: built.diagnostics };
}
