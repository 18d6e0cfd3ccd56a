/**
 * Kubernetes objects as the user wrote them. meshwright keeps every object it loads unchanged and
 * derives its own views (workloads, services, gateways) from them, so nothing holds a second copy
 * of the truth.
 */

/** The subset of `metadata` meshwright reads; every other field is kept untouched. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** RFC 3339; PeerAuthentication precedence uses it (oldest wins). */
  readonly creationTimestamp?: string;
  readonly [field: string]: unknown;
}

/** Any Kubernetes object: `apiVersion`, `kind`, `metadata`, and whatever else it carries. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** Where an object or a value came from in the user's files (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  /** 0-based index of the YAML document inside the file. */
  readonly document: number;
  readonly line: number;
  readonly column: number;
}

/** `group/version` split out of an `apiVersion`; the core group is `""`. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** A stable key for an object inside one cluster: `kind/namespace/name` (namespace empty for cluster-scoped). */
export function objectKey(object: Pick<KubeObject, "kind" | "metadata">): string {
  return `${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}
