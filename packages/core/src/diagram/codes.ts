import { catalogueDiagnostic } from "../diagnostics/catalogue";
import type { Diagnostic, DiagnosticCode, Severity } from "../diagnostics/diagnostic";

/** One entry of the diagram catalogue: the stable code, its severity, what it reports and the usual fix. */
export interface DiagramCodeEntry {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One line: what the code reports. */
  readonly summary: string;
  /** One line: the usual fix. */
  readonly fix: string;
}

/**
 * The catalogue of MW8500–MW8599: what `meshDiagram` / `buildDiagram` report about their options and
 * the request trace they overlay. Codes are stable: never renumber.
 */
export const DIAGRAM_CODES = {
  detailUnknown: {
    code: "MW8501",
    severity: "error",
    summary: "the diagram detail level is not one meshwright draws",
    fix: "Use --detail namespaces, services or workloads.",
  },
  formatUnknown: {
    code: "MW8502",
    severity: "error",
    summary: "the diagram format is not one meshwright writes",
    fix: "Use -f mermaid or -f dot (the CLI also writes svg).",
  },
  traceMalformed: {
    code: "MW8503",
    severity: "error",
    summary: "the trace to overlay is not a request trace",
    fix: "Pass the Trace that SimulatedMesh.request() returned, unchanged.",
  },
  traceClusterUnknown: {
    code: "MW8504",
    severity: "warning",
    summary: "a hop of the trace names a cluster that is not in this mesh; it is drawn outside every cluster",
    fix: "Overlay a trace computed from the same mesh the diagram draws.",
  },
  traceFailedHopMissing: {
    code: "MW8505",
    severity: "warning",
    summary:
      "the trace's failure points at a hop the trace does not contain; the failure is drawn after the last hop",
    fix: "Overlay the Trace that SimulatedMesh.request() returned, unchanged.",
  },
} as const satisfies Record<string, DiagramCodeEntry>;

/** The specifics of one diagram finding: the message and where the bad value was. */
export interface DiagramFindingDetails {
  readonly message: string;
  readonly path?: string;
  readonly expected?: string;
  readonly found?: string;
  /** A fix more precise than the catalogue's. */
  readonly fix?: string;
}

/** Builds the Diagnostic of catalogue entry `entry`. */
export function diagramDiagnostic(entry: DiagramCodeEntry, details: DiagramFindingDetails): Diagnostic {
  return catalogueDiagnostic(entry, details);
}
