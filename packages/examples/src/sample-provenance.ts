/**
 * The `# applied-from-sample:` header of a seed manifest: the `kubectl apply -n <namespace> [-l <selector>]
 * -f <Istio sample>` command the seed runs, so that the file's content can be checked against the sample it
 * claims to be. One line per command; a file holding several commands' output has several lines.
 */

import { type LabelSelector, matchesLabelSelector } from "@meshwright/core";

/** One `kubectl apply` of a sample, as a manifest's header records it. */
export interface SampleApplication {
  /** The sample file, relative to the manifest's directory. */
  readonly sample: string;
  /** The namespace `-n` gives objects that name none. */
  readonly namespace: string;
  /** The `-l` selector; absent = every object of the sample. */
  readonly selector?: string;
}

const HEADER = /^#\s*applied-from-sample:\s*(\S+)\s+namespace=(\S+)(?:\s+selector=(.+?))?\s*$/;

/** The sample applications a manifest's comment lines declare (none for files written by hand). */
export function sampleApplications(manifestText: string): SampleApplication[] {
  const applications: SampleApplication[] = [];
  for (const line of manifestText.split("\n")) {
    const match = HEADER.exec(line);
    if (!match) continue;
    const [, sample, namespace, selector] = match as unknown as [string, string, string, string | undefined];
    applications.push(selector === undefined ? { sample, namespace } : { sample, namespace, selector });
  }
  return applications;
}

/**
 * One requirement of a Kubernetes label selector (`k=v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`),
 * as a `matchExpressions` entry: the text form means the same (`k=v` is `k In (v)`).
 */
export type LabelRequirement = NonNullable<LabelSelector["matchExpressions"]>[number];

const SET_BASED = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const EXISTENCE = /^(!?)([^\s!=(),]+)$/;

/**
 * Parses a label selector as `kubectl -l` accepts it (k8s.io/apimachinery labels.Parse): requirements
 * separated by commas outside parentheses, all of which must hold. Returns a message for text it cannot read.
 */
export function parseLabelSelector(text: string): LabelRequirement[] | { readonly error: string } {
  const requirements: LabelRequirement[] = [];
  if (text.trim().length === 0) return requirements;
  for (const part of splitTopLevel(text)) {
    const trimmed = part.trim();
    const set = SET_BASED.exec(trimmed);
    const equality = EQUALITY.exec(trimmed);
    const existence = EXISTENCE.exec(trimmed);
    if (set) {
      const values = set[3]!
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      requirements.push({ key: set[1]!, operator: set[2] === "in" ? "In" : "NotIn", values });
    } else if (equality) {
      requirements.push({
        key: equality[1]!,
        operator: equality[2] === "!=" ? "NotIn" : "In",
        values: [equality[3]!],
      });
    } else if (existence) {
      requirements.push({ key: existence[2]!, operator: existence[1] === "!" ? "DoesNotExist" : "Exists" });
    } else {
      return {
        error: `cannot parse label selector requirement ${JSON.stringify(trimmed)} in ${JSON.stringify(text)}`,
      };
    }
  }
  return requirements;
}

/** Whether labels satisfy every requirement (`NotIn` and `!=` also hold when the key is absent, as in Kubernetes). */
export function selectorMatches(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return matchesLabelSelector({ matchExpressions: requirements }, labels);
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** A Kubernetes object as parsed from YAML, as far as `kubectl apply -n -l` looks at it. */
export interface AppliedObject {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown; readonly labels?: unknown };
  readonly [field: string]: unknown;
}

/**
 * The objects `kubectl apply -n <namespace> -l <selector> -f` creates from a file's objects: those whose
 * labels match, with `metadata.namespace` set where they name none. Nothing else changes.
 */
export function kubectlApplyView(
  objects: readonly AppliedObject[],
  namespace: string,
  requirements: readonly LabelRequirement[],
): AppliedObject[] {
  return objects
    .filter((object) => selectorMatches(requirements, labelsOf(object)))
    .map((object) =>
      object.metadata?.namespace === undefined
        ? { ...object, metadata: { ...object.metadata, namespace } }
        : object,
    );
}

function labelsOf(object: AppliedObject): Record<string, string> {
  const labels = object.metadata?.labels;
  return typeof labels === "object" && labels !== null ? (labels as Record<string, string>) : {};
}
