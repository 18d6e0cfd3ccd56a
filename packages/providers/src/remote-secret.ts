import type { Diagnostic, KubeObject } from "@meshwright/core";
import { stringify } from "yaml";

/** What `istioctl create-remote-secret` needs to know about the cluster being exported. */
export interface RemoteSecretInput {
  /** Cluster id (DNS-1123 label); becomes the Secret's data key and `networking.istio.io/cluster`. */
  readonly clusterName: string;
  /** API server URL as reachable from the reading istiod. */
  readonly server: string;
  /** Base64 of the CA bundle (`ca.crt` of the reader service-account token Secret). */
  readonly caData: string;
  /** Long-lived service-account token of `istio-reader-service-account` (never logged). */
  readonly token: string;
  readonly tlsServerName?: string;
  /** Istio's namespace in the reading cluster (default `istio-system`). */
  readonly namespace?: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Renders the Secret `istioctl create-remote-secret` emits (istioctl/pkg/multicluster/remote_secret.go,
 * providers.md §3.3): label `istio/multiCluster: "true"` (what istiod's secret controller watches),
 * annotation `networking.istio.io/cluster`, one data key = the cluster id holding a bearer-token
 * kubeconfig. Written as base64 `data` rather than `stringData`, because server-side apply and
 * `stringData` interact badly (kubernetes/kubernetes#108008).
 */
export function renderRemoteSecret(input: RemoteSecretInput): {
  secret: KubeObject;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const name = input.clusterName;
  if (!DNS1123_LABEL.test(name)) {
    diagnostics.push({
      code: "MW7001",
      severity: "error",
      message: `cluster name ${JSON.stringify(name)} is not a DNS-1123 label`,
      expected: "lower-case letters, digits and '-', at most 63 characters",
      found: name,
      fix: "Rename the cluster (istioctl create-remote-secret --name has the same rule).",
    });
  }
  if (/(^|\/\/)(127\.0\.0\.1|localhost|\[::1\])([:/]|$)/.test(input.server)) {
    diagnostics.push({
      code: "MW7002",
      severity: "warning",
      message: `server ${input.server} is a loopback address: istiod in another cluster cannot reach it`,
      fix: "Pass the API server address reachable from the other cluster (istioctl warns the same way).",
    });
  }
  if (input.token.length === 0) {
    diagnostics.push({
      code: "MW7003",
      severity: "error",
      message: "the service-account token is empty",
      fix: "Read `token` from the istio-reader-service-account token Secret of the exported cluster.",
    });
  }
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        cluster: {
          "certificate-authority-data": input.caData,
          server: input.server,
          ...(input.tlsServerName ? { "tls-server-name": input.tlsServerName } : {}),
        },
        name,
      },
    ],
    contexts: [{ context: { cluster: name, user: name }, name }],
    "current-context": name,
    users: [{ name, user: { token: input.token } }],
  };
  const secret: KubeObject = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: `istio-remote-secret-${name}`,
      namespace: input.namespace ?? "istio-system",
      annotations: { "networking.istio.io/cluster": name },
      labels: { "istio/multiCluster": "true" },
    },
    data: { [name]: Buffer.from(stringify(kubeconfig), "utf8").toString("base64") },
  };
  return { secret, diagnostics };
}

/** A copy of a Secret safe to print: every data / stringData value replaced by `<redacted>`. */
export function redactSecret(secret: KubeObject): KubeObject {
  const redact = (values: unknown) =>
    values && typeof values === "object"
      ? Object.fromEntries(Object.keys(values as object).map((k) => [k, "<redacted>"]))
      : values;
  return {
    ...secret,
    ...(secret.data === undefined ? {} : { data: redact(secret.data) }),
    ...(secret.stringData === undefined ? {} : { stringData: redact(secret.stringData) }),
  };
}
