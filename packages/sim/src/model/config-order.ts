/**
 * The order istiod lists configuration in (`pilot/pkg/model/config.go`
 * configCompareByCreationTime): older `creationTimestamp` first, then name, then namespace. It
 * decides "the oldest wins" for PeerAuthentication, DestinationRule merging, Sidecar selection,
 * duplicate VirtualService hosts and services of one hostname, and the order AuthorizationPolicies
 * reach the builders. Objects written in manifests usually carry no timestamp: they all tie on it
 * (as objects created in the same second do) and fall back to name and namespace, exactly as
 * istiod breaks the tie.
 */
import type { ObjectMeta } from "@meshwright/core";

/** What the order reads: an object's metadata, or a view that keeps its name and timestamp. */
export interface CreationOrdered {
  readonly creationTimestamp?: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Milliseconds of an RFC 3339 timestamp; missing or unparseable sorts first, like Go's zero time. */
function creationMillis(timestamp: string | undefined): number {
  const millis = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(millis) ? Number.NEGATIVE_INFINITY : millis;
}

/** Istio's config order (see the module comment). */
export function compareByCreation(a: CreationOrdered, b: CreationOrdered): number {
  const ta = creationMillis(a.creationTimestamp);
  const tb = creationMillis(b.creationTimestamp);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const na = a.namespace ?? "";
  const nb = b.namespace ?? "";
  if (na !== nb) return na < nb ? -1 : 1;
  return 0;
}

/** A copy of Kubernetes objects in Istio's config order (stable). */
export function sortByCreation<T extends { readonly metadata: ObjectMeta }>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => compareByCreation(a.metadata, b.metadata));
}
