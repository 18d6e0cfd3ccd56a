import { catalogueDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from "@meshwright/core";

/**
 * The catalogue of reachability-matrix, diff and what-if diagnostics (MW6600–MW6699). Codes are
 * stable: never renumber, only add.
 */
export interface MatrixCodeEntry {
  readonly code: DiagnosticCode;
  readonly name: string;
  readonly severity: Severity;
  /** One line: how to fix it. */
  readonly fix: string;
}

/** Every matrix / diff / what-if code, by name. */
export const MATRIX_CODES = {
  MATRIX_FILTER_EMPTY: {
    code: "MW6601",
    name: "MATRIX_FILTER_EMPTY",
    severity: "error",
    fix: "Give a non-empty glob, e.g. `eks-cluster/*` or `*.app-a.svc.cluster.local:*`.",
  },
  MATRIX_NO_SOURCES: {
    code: "MW6602",
    name: "MATRIX_NO_SOURCES",
    severity: "warning",
    fix: "Match workload ids (`<cluster>/<namespace>/<pod>`), controller refs or class ids; list them with `-o json`.",
  },
  MATRIX_NO_DESTINATIONS: {
    code: "MW6603",
    name: "MATRIX_NO_DESTINATIONS",
    severity: "warning",
    fix: "Match `<host>:<port>`, the host alone or `<namespace>/<service>`; list them with `-o json`.",
  },
  MATRIX_BAD_SAMPLE: {
    code: "MW6604",
    name: "MATRIX_BAD_SAMPLE",
    severity: "error",
    fix: "Pass a whole number of destinations greater than 0.",
  },
  WHATIF_UNKNOWN_CLUSTER: {
    code: "MW6610",
    name: "WHATIF_UNKNOWN_CLUSTER",
    severity: "error",
    fix: "Name a cluster of the mesh (the `clusters[].name` of the Mesh document).",
  },
  WHATIF_BAD_OBJECT: {
    code: "MW6611",
    name: "WHATIF_BAD_OBJECT",
    severity: "error",
    fix: "Give a Kubernetes object with apiVersion, kind and metadata.name.",
  },
  WHATIF_OBJECT_NOT_FOUND: {
    code: "MW6612",
    name: "WHATIF_OBJECT_NOT_FOUND",
    severity: "error",
    fix: "Name an object the cluster has: kind, namespace and name exactly as in its manifests.",
  },
  WHATIF_BAD_ISTIO_VERSION: {
    code: "MW6613",
    name: "WHATIF_BAD_ISTIO_VERSION",
    severity: "error",
    fix: "Use an Istio version the simulator reproduces: 1.30 or 1.31.",
  },
  WHATIF_NO_CA_MATERIAL: {
    code: "MW6614",
    name: "WHATIF_NO_CA_MATERIAL",
    severity: "error",
    fix: "Give the old and the new signing CA of every cluster the rotation phase lists.",
  },
  WHATIF_INVALID_MESH: {
    code: "MW6615",
    name: "WHATIF_INVALID_MESH",
    severity: "error",
    fix: "Fix the changed objects so that the mesh loads without errors (the nested diagnostics say where).",
  },
  WHATIF_BAD_FAULT: {
    code: "MW6616",
    name: "WHATIF_BAD_FAULT",
    severity: "error",
    fix: "Name clusters, networks and workloads of the mesh in the fault.",
  },
  WHATIF_NO_CHANGE: {
    code: "MW6617",
    name: "WHATIF_NO_CHANGE",
    severity: "error",
    fix: "Give at least one change: manifests to add or remove, a fault, a rotation phase or an Istio version.",
  },
  WHATIF_NO_MOMENT: {
    code: "MW6618",
    name: "WHATIF_NO_MOMENT",
    severity: "error",
    fix: "Pass `at` (the moment certificates are issued and checked), or compile with a PKI attached.",
  },
  DIFF_DIFFERENT_SCOPE: {
    code: "MW6620",
    name: "DIFF_DIFFERENT_SCOPE",
    severity: "info",
    fix: "Compute both matrices with the same source and destination filters to compare every pair.",
  },
} as const satisfies Record<string, MatrixCodeEntry>;

/** A diagnostic of class `name`, with what this instance found. */
export function matrixDiagnostic(
  name: keyof typeof MATRIX_CODES,
  details: Omit<Diagnostic, "code" | "severity" | "fix"> & { readonly fix?: string },
): Diagnostic {
  return catalogueDiagnostic(MATRIX_CODES[name], details);
}
