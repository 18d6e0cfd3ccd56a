/**
 * The order istiod lists configuration in, which decides "the oldest policy wins" for
 * PeerAuthentication and the order AuthorizationPolicies are handed to the builders.
 */

/** The metadata the order reads. */
export interface CreationOrdered {
  readonly creationTimestamp: string;
  readonly name: string;
  readonly namespace: string;
}

/** Milliseconds of an RFC 3339 timestamp; missing or unparseable sorts first, like Go's zero time. */
function creationMillis(timestamp: string): number {
  const millis = Date.parse(timestamp);
  return Number.isNaN(millis) ? Number.NEGATIVE_INFINITY : millis;
}

/**
 * Istio's config order: creation time, then name, then namespace (`pilot/pkg/model/config.go`
 * configCompareByCreationTime).
 */
export function compareByCreation(a: CreationOrdered, b: CreationOrdered): number {
  const ta = creationMillis(a.creationTimestamp);
  const tb = creationMillis(b.creationTimestamp);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}
