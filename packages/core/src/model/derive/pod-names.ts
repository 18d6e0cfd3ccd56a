import { hexDigest, nameSuffix } from "./hash";

/**
 * Deterministic pod names, shaped like the ones Kubernetes generates: StatefulSet pods are
 * `<name>-<ordinal>`; other controllers' pods `<name>-<10 hex>-<5 chars>`, where the hex part
 * hashes `ownerKey` (like a pod-template-hash; `cluster/namespace/name` for a controller) and the
 * suffix hashes the replica. Nothing depends on the other pods of the cluster, so names stay put
 * when pods are added.
 */
export function podNames(kind: string, ownerKey: string, name: string, count: number): string[] {
  if (kind === "StatefulSet") return Array.from({ length: count }, (_, i) => `${name}-${i}`);
  const templateHash = hexDigest(ownerKey, 10);
  const used = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    // Two replicas could draw the same 5-character suffix; rehash with an attempt counter until unique.
    let attempt = 0;
    let candidate = `${name}-${templateHash}-${nameSuffix(`${ownerKey}/${i}`)}`;
    while (used.has(candidate)) {
      attempt++;
      candidate = `${name}-${templateHash}-${nameSuffix(`${ownerKey}/${i}#${attempt}`)}`;
    }
    used.add(candidate);
    names.push(candidate);
  }
  return names;
}
