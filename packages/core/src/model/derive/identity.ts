/**
 * The SPIFFE identity of a service account, `spiffe://<trustDomain>/ns/<namespace>/sa/<sa>`
 * (`pkg/spiffe/spiffe.go` MustGenSpiffeURIForTrustDomain, as `kube/conversion.go` SecureNamingSAN uses it).
 */
export function spiffeIdentity(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The service account a pod runs as: `spec.serviceAccountName`, Kubernetes' default `default`. */
export const DEFAULT_SERVICE_ACCOUNT = "default";
