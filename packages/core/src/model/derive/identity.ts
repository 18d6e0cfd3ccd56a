/** The service account a pod runs as: `spec.serviceAccountName`, Kubernetes' default `default`. */
export const DEFAULT_SERVICE_ACCOUNT = "default";
