/**
 * The two on-disk layouts istiod reads from `ROOT_CA_DIR` (`pilot/pkg/bootstrap/istio_ca.go`
 * `detectSigningCABundleAndCRL`, pki.md §2.1): Istio's four files, or `kubernetes.io/tls`
 * (cert-manager style), chosen when `tls.crt` exists.
 */
export interface BundleLayout {
  readonly name: "istio" | "tls";
  readonly signingCert: string;
  readonly signingKey: string;
  readonly root: string;
  /** Files concatenated into the intermediates pool. */
  readonly chain: readonly string[];
}

/** `cacerts`: ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem. */
export const ISTIO_LAYOUT: BundleLayout = {
  name: "istio",
  signingCert: "ca-cert.pem",
  signingKey: "ca-key.pem",
  root: "root-cert.pem",
  chain: ["cert-chain.pem"],
};

/** `kubernetes.io/tls`: tls.crt, tls.key, ca.crt (chain = tls.crt + ca.crt). */
export const TLS_LAYOUT: BundleLayout = {
  name: "tls",
  signingCert: "tls.crt",
  signingKey: "tls.key",
  root: "ca.crt",
  chain: ["tls.crt", "ca.crt"],
};

/** File name → contents, as in a directory or a Secret's data. */
export type BundleFiles = Readonly<Record<string, string>>;

/** istiod's choice: the TLS layout if `tls.crt` exists, else Istio's. */
export function detectLayout(files: BundleFiles): BundleLayout {
  return files[TLS_LAYOUT.signingCert] !== undefined ? TLS_LAYOUT : ISTIO_LAYOUT;
}

/** Files that hold private keys — key PEMs and Secret manifests — are written with mode 0600. */
export function isKeyFile(name: string): boolean {
  return (
    name === ISTIO_LAYOUT.signingKey ||
    name === TLS_LAYOUT.signingKey ||
    name.endsWith("key.pem") ||
    name.endsWith("secret.yaml")
  );
}
