import type { KeySpec } from "../crypto/key-spec";
import type { WebCryptoKeyPair } from "../crypto/webcrypto-types";
import type { PrivateKeyHandle } from "../private-key";
import type { ParsedCertificate } from "../validate/asn1/certificate";

/**
 * A CA meshwright can sign with: its certificate, its key (redacting handle), and the chain above
 * it (issuers up to and including the root; empty for a root).
 */
export interface CertificateAuthority {
  readonly certificate: ParsedCertificate;
  readonly pem: string;
  readonly privateKey: PrivateKeyHandle;
  readonly chain: readonly ParsedCertificate[];
  /** The WebCrypto key pair, when the CA was generated in this process (needed to sign CA certificates). */
  readonly keys?: WebCryptoKeyPair;
  readonly keySpec?: KeySpec;
}
