/**
 * JSON paths into the Mesh document, so every diagnostic points at the exact field the user wrote
 * (`$.spec.clusters[1].remoteSecrets[0]`, `$.spec.clusters[0].resources[3].spec.selector`). The
 * loader maps a resource index back to the file, line and column the object came from.
 */

/** Path of cluster `index` in the Mesh document. */
export function clusterPath(index: number): string {
  return `$.spec.clusters[${index}]`;
}

/** Path of resource `resource` of cluster `cluster`. */
export function resourcePath(cluster: number, resource: number): string {
  return `${clusterPath(cluster)}.resources[${resource}]`;
}

/** Appends a member name, quoting it when it is not a plain identifier (label keys have `/` and `.`). */
export function memberPath(base: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}
