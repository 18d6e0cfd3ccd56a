import type { CertificateAuthority } from "../generate/certificate-authority";
import { encodePem, parsePem } from "../pem";
import { type BundleFiles, ISTIO_LAYOUT, TLS_LAYOUT } from "./layouts";

/** A cluster's plug-in CA material as PEM text. `caKeyPem` is secret. */
export interface CaBundle {
  readonly caCertPem: string;
  readonly caKeyPem: string;
  /** One or more roots (several during a root rotation). */
  readonly rootCertPem: string;
  /** Intermediate(s) first, root last — `cat ca-cert.pem root-cert.pem` (pki.md §1.1). */
  readonly certChainPem: string;
}

/**
 * The bundle of a CA: key in PKCS#8, chain = the CA then every issuer above it (root last), and
 * root-cert.pem = the CA's root, or `rootPems` (e.g. old + new root during a rotation).
 */
export function bundleOf(authority: CertificateAuthority, rootPems?: readonly string[]): CaBundle {
  const chainPems = authority.chain.map((c) => encodePem("CERTIFICATE", c.der));
  return {
    caCertPem: authority.pem,
    caKeyPem: authority.privateKey.toPkcs8Pem(),
    rootCertPem: rootPems ? rootPems.join("") : (chainPems[chainPems.length - 1] ?? authority.pem),
    certChainPem: [authority.pem, ...chainPems].join(""),
  };
}

/** Istio's `cacerts` files. */
export function toCacertsFiles(bundle: CaBundle): BundleFiles {
  return {
    [ISTIO_LAYOUT.signingCert]: bundle.caCertPem,
    [ISTIO_LAYOUT.signingKey]: bundle.caKeyPem,
    [ISTIO_LAYOUT.root]: bundle.rootCertPem,
    [ISTIO_LAYOUT.chain[0]!]: bundle.certChainPem,
  };
}

/**
 * The `kubernetes.io/tls` files. istiod's chain for this layout is `[tls.crt, ca.crt]`, so tls.crt
 * holds the CA certificate followed by any intermediates between it and the root.
 */
export function toTlsFiles(bundle: CaBundle): BundleFiles {
  const roots = new Set(
    parsePem(bundle.rootCertPem).blocks.map((b) => Buffer.from(b.der).toString("base64")),
  );
  const signingChain = parsePem(bundle.certChainPem)
    .blocks.filter((b) => b.label === "CERTIFICATE" && !roots.has(Buffer.from(b.der).toString("base64")))
    .map((b) => encodePem("CERTIFICATE", b.der));
  return {
    [TLS_LAYOUT.signingCert]: signingChain.join(""),
    [TLS_LAYOUT.signingKey]: bundle.caKeyPem,
    [TLS_LAYOUT.root]: bundle.rootCertPem,
  };
}
