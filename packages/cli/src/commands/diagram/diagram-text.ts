/**
 * A mesh diagram in any format the CLI writes: core's Mermaid and DOT, and SVG laid out from the DOT
 * by Graphviz (WebAssembly). Shared by `meshwright diagram` and anything else that writes diagrams.
 */
import {
  DIAGRAM_CODES,
  DIAGRAM_FORMATS,
  type Diagnostic,
  type DiagramTrace,
  diagramDiagnostic,
  type Mesh,
  meshDiagram,
} from "@meshwright/core";
import { renderSvg } from "./render-svg";

/** Every format the CLI writes. */
export const CLI_DIAGRAM_FORMATS: readonly string[] = [...DIAGRAM_FORMATS, "svg"];

/** What to draw. */
export interface DiagramRequest {
  readonly mesh: Mesh;
  /** `mermaid`, `dot` or `svg`. */
  readonly format: string;
  /** `namespaces`, `services` (default) or `workloads`. */
  readonly detail?: string;
  /** A request trace to draw over the topology. */
  readonly trace?: DiagramTrace;
}

/** The diagram text, or the error diagnostics that prevented it; warnings come with the text. */
export interface DiagramOutput {
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Draws the mesh in the requested format (MW8502 for an unknown one). */
export async function diagramText(request: DiagramRequest): Promise<DiagramOutput> {
  if (!CLI_DIAGRAM_FORMATS.includes(request.format)) {
    return {
      diagnostics: [
        diagramDiagnostic(DIAGRAM_CODES.formatUnknown, {
          message: `unknown diagram format ${JSON.stringify(request.format)}`,
          path: "--format",
          expected: CLI_DIAGRAM_FORMATS.join(" | "),
          found: request.format,
          fix: `Use -f ${CLI_DIAGRAM_FORMATS.join(", -f ")}.`,
        }),
      ],
    };
  }
  const svg = request.format === "svg";
  const result = meshDiagram(request.mesh, {
    format: svg ? "dot" : request.format,
    ...(request.detail === undefined ? {} : { detail: request.detail }),
    ...(request.trace === undefined ? {} : { trace: request.trace }),
  });
  if (result.text === undefined || !svg) return result;
  return { text: await renderSvg(result.text), diagnostics: result.diagnostics };
}
