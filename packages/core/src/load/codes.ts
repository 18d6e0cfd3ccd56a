/**
 * The catalogue of loading and validation diagnostics (MW1000–MW1999). Codes are stable: a code
 * keeps its meaning and severity forever; new findings get new codes. `docs/validation.md` lists
 * the same table for users.
 */
import { catalogueDiagnostic, type FindingDetails } from "../diagnostics/catalogue";
import type { Diagnostic, DiagnosticCode, Severity } from "../diagnostics/diagnostic";

/** What a code means, how bad it is, the usual fix, and the Istio analyzer code covering the same ground. */
export interface CodeInfo {
  readonly severity: Severity;
  /** Short name of the finding, e.g. "unknown field". */
  readonly title: string;
  /** The generic one-line fix (a finding may give a more precise one). */
  readonly fix: string;
  readonly related?: string;
}

/** Every loading / validation code. */
export const LOAD_CODES = {
  MW1000: {
    severity: "error",
    title: "internal loader failure",
    fix: "Report this as a meshwright bug, with the input that triggered it.",
  },
  // --- YAML and files (MW10xx) ---
  MW1001: {
    severity: "error",
    title: "YAML syntax error",
    fix: "Fix the YAML at the reported position (indentation, quoting, a missing ':' or '-').",
  },
  MW1002: {
    severity: "error",
    title: "too many alias expansions",
    fix: "Replace the YAML aliases (*name) with plain values; this many expansions look like a billion-laughs attack.",
  },
  MW1003: {
    severity: "error",
    title: "nesting too deep",
    fix: "Flatten the document: Kubernetes objects never need more than a few dozen levels of nesting.",
  },
  MW1004: {
    severity: "error",
    title: "file too large",
    fix: "Split the file into smaller manifests or raise the loader's maxFileBytes option.",
  },
  MW1005: {
    severity: "error",
    title: "file is not UTF-8 text",
    fix: "Save the file as UTF-8 text (manifests must be YAML or JSON).",
  },
  MW1006: {
    severity: "warning",
    title: "YAML warning",
    fix: "Remove the construct the YAML parser warns about (e.g. an unknown !tag).",
  },
  MW1010: {
    severity: "error",
    title: "document is not a Kubernetes object",
    fix: "Each YAML document must be a mapping with apiVersion, kind and metadata.",
  },
  MW1011: {
    severity: "error",
    title: "apiVersion missing or invalid",
    fix: "Add `apiVersion: <group>/<version>` (e.g. networking.istio.io/v1), or `v1` for core kinds.",
  },
  MW1012: {
    severity: "error",
    title: "kind missing or invalid",
    fix: "Add `kind: <Kind>` (e.g. Service, DestinationRule).",
  },
  MW1013: {
    severity: "error",
    title: "List items invalid",
    fix: "A `kind: List` object needs `items:` holding a sequence of objects.",
  },
  // --- schema findings, shared by the Mesh document and Istio / Gateway API objects (MW11xx) ---
  MW1100: {
    severity: "error",
    title: "unknown field",
    fix: "Remove the field or fix its spelling / indentation.",
    related: "IST0106",
  },
  MW1101: {
    severity: "error",
    title: "wrong type",
    fix: "Give the field a value of the expected type (quote strings that look like numbers or booleans).",
    related: "IST0106",
  },
  MW1102: {
    severity: "error",
    title: "value not allowed",
    fix: "Use one of the allowed values.",
    related: "IST0106",
  },
  MW1103: {
    severity: "error",
    title: "required field missing",
    fix: "Add the missing field.",
    related: "IST0106",
  },
  MW1104: {
    severity: "error",
    title: "value out of bounds",
    fix: "Change the value to satisfy the constraint (range, pattern, format or length).",
    related: "IST0106",
  },
  MW1105: {
    severity: "error",
    title: "conflicting alternatives",
    fix: "Set exactly one of the alternative fields.",
    related: "IST0106",
  },
  MW1106: {
    severity: "error",
    title: "duplicate list entry",
    fix: "Remove the duplicate entry: this list must hold unique items (or unique keys).",
    related: "IST0106",
  },
  // --- kinds and versions (MW12xx) ---
  MW1200: {
    severity: "info",
    title: "unknown kind kept unvalidated",
    fix: "Nothing to do if the kind is intended (e.g. Admiral's Dependency); it is kept but not validated.",
  },
  MW1201: {
    severity: "error",
    title: "API version not served",
    fix: "Use one of the served versions of the kind.",
    related: "IST0106",
  },
  MW1202: {
    severity: "error",
    title: "unknown API version of a known kind",
    fix: "Use one of the served versions of the kind.",
    related: "IST0106",
  },
  MW1203: {
    severity: "warning",
    title: "deprecated API version",
    fix: "Move the object to the kind's storage version.",
  },
  MW1204: {
    severity: "info",
    title: "unnamed IstioOperator skipped",
    fix: "Nothing to do: an IstioOperator without a name is an `istioctl install` input, not a cluster object; declare install settings in the Mesh document.",
  },
  // --- metadata (MW13xx) ---
  MW1300: {
    severity: "error",
    title: "metadata.name missing",
    fix: "Give the object a `metadata.name`.",
  },
  MW1301: {
    severity: "error",
    title: "invalid object name",
    fix: "Use lower-case letters, digits and '-' (and '.' where the kind allows it), starting and ending with a letter or digit.",
  },
  MW1302: {
    severity: "error",
    title: "invalid namespace",
    fix: "Use a DNS-1123 label as namespace: lower-case letters, digits and '-', at most 63 characters.",
  },
  MW1303: {
    severity: "error",
    title: "invalid label or annotation key",
    fix: "Use `[prefix/]name`: a DNS subdomain prefix and a name of at most 63 letters, digits, '-', '_' or '.'.",
  },
  MW1304: {
    severity: "error",
    title: "invalid label value",
    fix: "Use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (quote numbers and booleans).",
  },
  MW1305: {
    severity: "error",
    title: "label or annotation value is not a string",
    fix: 'Quote the value: Kubernetes labels and annotations are strings (`version: "1"`, `enabled: "true"`).',
  },
  MW1306: {
    severity: "error",
    title: "labels or annotations are not a map",
    fix: "Write labels / annotations as a map of string keys to string values.",
  },
  MW1307: {
    severity: "warning",
    title: "namespace set on a cluster-scoped object",
    fix: "Remove metadata.namespace: the API server ignores it for cluster-scoped kinds.",
  },
  // --- core Kubernetes kinds (MW14xx) ---
  MW1400: {
    severity: "error",
    title: "invalid port number",
    fix: "Use an integer port between 1 and 65535.",
  },
  MW1401: {
    severity: "error",
    title: "duplicate port",
    fix: "Give every port of the object a unique name and a unique number/protocol pair.",
  },
  MW1402: {
    severity: "error",
    title: "port name required",
    fix: "Name every port when a Service has more than one.",
  },
  MW1403: {
    severity: "error",
    title: "invalid targetPort",
    fix: "Use a port number 1–65535 or an IANA service name (lower-case, at most 15 characters, e.g. `http`).",
  },
  MW1404: {
    severity: "error",
    title: "invalid selector",
    fix: "Write the selector as a map of label keys to string values.",
  },
  MW1405: {
    severity: "error",
    title: "invalid port name",
    fix: "Use an IANA service name: lower-case letters, digits and '-', at most 15 characters, with at least one letter.",
  },
  MW1406: {
    severity: "error",
    title: "invalid protocol",
    fix: "Use TCP, UDP or SCTP.",
  },
  MW1410: {
    severity: "error",
    title: "workload selector missing",
    fix: "Add `spec.selector.matchLabels` matching the pod template's labels.",
  },
  MW1411: {
    severity: "error",
    title: "selector does not match the pod template",
    fix: "Make `spec.selector` match `spec.template.metadata.labels`.",
  },
  MW1412: {
    severity: "error",
    title: "invalid replicas",
    fix: "Use a non-negative integer for `spec.replicas`.",
  },
  MW1413: {
    severity: "error",
    title: "pod template missing or without labels",
    fix: "Add `spec.template.metadata.labels` (and the pod spec) to the workload.",
  },
  MW1420: {
    severity: "error",
    title: "pod has no containers",
    fix: "Add at least one container to `spec.containers`.",
  },
  MW1421: {
    severity: "error",
    title: "invalid container",
    fix: "Give every container a unique DNS-1123 label `name` and an `image`.",
  },
  MW1430: {
    severity: "error",
    title: "invalid data entry",
    fix: "Use keys of letters, digits, '-', '_' and '.'; values must be strings (Secret `data` values base64).",
  },
  // --- the Mesh document and its manifests (MW15xx) ---
  MW1500: {
    severity: "error",
    title: "not a Mesh document",
    fix: "Start the file with `apiVersion: meshwright.dev/v1alpha1` and `kind: Mesh`.",
  },
  MW1501: {
    severity: "error",
    title: "Mesh file must hold exactly one document",
    fix: "Keep only the Mesh document in the mesh file; put Kubernetes objects in manifests.",
  },
  MW1502: {
    severity: "error",
    title: "manifest not found",
    fix: "Fix the path (it is relative to the Mesh document) or create the file.",
  },
  MW1503: {
    severity: "warning",
    title: "manifest pattern matched nothing",
    fix: "Fix the glob or directory, or remove the entry.",
  },
  MW1504: {
    severity: "error",
    title: "file unreadable",
    fix: "Check that the file exists and is readable.",
  },
  MW1505: {
    severity: "error",
    title: "object namespace conflicts with its manifest entry",
    fix: "Remove metadata.namespace from the object or the `namespace` from the manifest entry (like `kubectl apply -n`).",
  },
} as const satisfies Record<DiagnosticCode, CodeInfo>;

/** A loading / validation code. */
export type LoadCode = keyof typeof LOAD_CODES;

/** Builds a diagnostic for `code`, taking severity, fix and related code from the catalogue unless given. */
export function loadDiagnostic(code: LoadCode, details: FindingDetails): Diagnostic {
  return catalogueDiagnostic({ code, ...LOAD_CODES[code] }, details);
}
