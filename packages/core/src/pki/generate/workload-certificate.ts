import { createECDH, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { randomSerials, type SerialSource } from "../crypto/serial-numbers";
import { type PkiFinding, type PkiResult, pkiFinding } from "../finding";
import { encodePem } from "../pem";
import { PrivateKeyHandle } from "../private-key";
import type { ParsedCertificate } from "../validate/asn1/certificate";
import { sharedCertificateCache } from "../validate/certificate-cache";
import type { LeafIssuer } from "./leaf-issuer";
import { parseSpiffeId } from "./spiffe";

/** istiod `DEFAULT_WORKLOAD_CERT_TTL` (and the agent's `SECRET_TTL`): 24 h. */
export const DEFAULT_WORKLOAD_TTL_MS = 24 * 3_600_000;
/** istiod `MAX_WORKLOAD_CERT_TTL`: 90 days (`security/pkg/cmd/constants.go`). */
export const MAX_WORKLOAD_TTL_MS = 90 * 86_400_000;
/** istiod back-dates NotBefore by `ClockSkewGracePeriod` (`generate_cert.go:285`). */
export const CLOCK_SKEW_GRACE_MS = 2 * 60_000;

/** How to issue one workload certificate. */
export interface WorkloadCertificateOptions {
  readonly ttlMs?: number;
  readonly maxTtlMs?: number;
  /** The CSR's public key (SPKI DER). Without it a fresh key is generated. */
  readonly publicKeySpki?: Uint8Array;
  /** Key generated when no public key is given: P-256 (ztunnel, `src/tls/csr.rs`) or RSA-2048 (istio-agent default). */
  readonly keyType?: "ecdsa-p256" | "rsa-2048";
  readonly dnsNames?: readonly string[];
  readonly serials?: SerialSource;
}

/** A workload certificate as istiod returns it: the leaf and the chain above it (cert-chain.pem, root last). */
export interface WorkloadCertificate {
  readonly spiffeId: string;
  readonly der: Uint8Array;
  /** The leaf, parsed on first access through the shared certificate cache. */
  readonly certificate: ParsedCertificate;
  readonly pem: string;
  /** Issuers above the leaf: the cluster CA's cert-chain (intermediate(s), then root). */
  readonly chain: readonly ParsedCertificate[];
  /** Present when meshwright generated the key. */
  readonly privateKey?: PrivateKeyHandle;
}

/** SubjectPublicKeyInfo prefix of an uncompressed P-256 point: SEQ { SEQ { ecPublicKey, prime256v1 }, BIT STRING 04… }. */
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

/** A fresh leaf key: its SPKI now, its private key object only when someone asks for it. */
interface LeafKey {
  readonly spki: Uint8Array;
  readonly privateKey: () => PrivateKeyHandle;
}

/**
 * A fresh leaf key. P-256 keys come from `createECDH`, which hands back the public point directly:
 * `generateKeyPairSync` plus an SPKI (OpenSSL 3 encoder) or JWK export costs 0.17–0.36 ms per key
 * on this machine against ~0.12 ms (measured), and issuance must stay near 0.3 ms per certificate.
 * The KeyObject is built from the scalar on first use.
 */
function generateLeafKey(type: "ecdsa-p256" | "rsa-2048"): LeafKey {
  if (type === "rsa-2048") {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const handle = new PrivateKeyHandle(pair.privateKey);
    return {
      spki: new Uint8Array(pair.publicKey.export({ format: "der", type: "spki" })),
      privateKey: () => handle,
    };
  }
  const ecdh = createECDH("prime256v1");
  const point = ecdh.generateKeys();
  const scalar = ecdh.getPrivateKey();
  let handle: PrivateKeyHandle | undefined;
  return {
    spki: new Uint8Array(Buffer.concat([P256_SPKI_PREFIX, point])),
    privateKey: () =>
      (handle ??= new PrivateKeyHandle(
        createPrivateKey({
          format: "jwk",
          key: {
            kty: "EC",
            crv: "P-256",
            d: scalar.toString("base64url"),
            x: point.subarray(1, 33).toString("base64url"),
            y: point.subarray(33).toString("base64url"),
          },
        }),
      )),
  };
}

function parseIssued(der: Uint8Array): ParsedCertificate {
  const parsed = sharedCertificateCache.fromDer(der);
  if (!parsed.ok) throw new Error(`issued certificate does not parse: ${parsed.reason}`);
  return parsed.certificate;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function requestProblems(
  issuer: LeafIssuer,
  spiffeId: string,
  at: Date,
  ttl: number,
  maxTtl: number,
): PkiFinding[] {
  const problems: PkiFinding[] = [];
  if (!parseSpiffeId(spiffeId)) {
    problems.push(
      pkiFinding("INVALID_INPUT", {
        message: `"${spiffeId}" is not a SPIFFE id`,
        path: "spiffeId",
        expected: "spiffe://<trust domain>/ns/<namespace>/sa/<service account>",
        found: spiffeId,
        fix: "pass an id such as spiffe://cluster.local/ns/default/sa/default",
      }),
    );
  }
  if (Number.isNaN(at.getTime())) {
    problems.push(pkiFinding("INVALID_INPUT", { message: "issuance time is not a valid date", path: "at" }));
  } else if (at.getTime() > issuer.ca.notAfter) {
    problems.push(
      pkiFinding("SIGNING_CA_EXPIRED", {
        component: "istiod",
        message: `the signing CA "${issuer.ca.subject.text}" expired before ${iso(at.getTime())}`,
        symptom: `signing certificate has expired at ${iso(issuer.ca.notAfter)}`,
        certificate: issuer.ca,
      }),
    );
  }
  if (!(ttl > 0) || ttl > maxTtl) {
    problems.push(
      pkiFinding(ttl > maxTtl ? "TTL_TOO_LONG" : "INVALID_INPUT", {
        component: "istiod",
        message: `requested TTL ${ttl} ms is outside (0, ${maxTtl}] ms`,
        symptom: `requested TTL ${ttl / 1000}s is greater than the max allowed TTL ${maxTtl / 1000}s`,
        path: "ttlMs",
        expected: `0 < ttl ≤ ${maxTtl}`,
        found: String(ttl),
      }),
    );
  }
  return problems;
}

/**
 * Issues a workload certificate exactly as istiod does (pki.md §2.2): the SAN is the caller's
 * SPIFFE id, NotBefore = at − 2 min, NotAfter = at + TTL clamped to the CA's NotAfter, refused when
 * the CA has expired or the TTL exceeds the maximum. `chain` is what istiod returns after the leaf.
 */
export function issueWorkloadCertificate(
  issuer: LeafIssuer,
  chain: readonly ParsedCertificate[],
  spiffeId: string,
  at: Date,
  options: WorkloadCertificateOptions = {},
): PkiResult<WorkloadCertificate> {
  const ttl = options.ttlMs ?? DEFAULT_WORKLOAD_TTL_MS;
  const problems = requestProblems(issuer, spiffeId, at, ttl, options.maxTtlMs ?? MAX_WORKLOAD_TTL_MS);
  if (problems.length > 0) return { ok: false, findings: problems };
  const generated = options.publicKeySpki ? undefined : generateLeafKey(options.keyType ?? "ecdsa-p256");
  const der = issuer.issue({
    uris: [spiffeId],
    ...(options.dnsNames ? { dnsNames: options.dnsNames } : {}),
    publicKeySpki: options.publicKeySpki ?? generated!.spki,
    notBefore: new Date(at.getTime() - CLOCK_SKEW_GRACE_MS),
    notAfter: new Date(Math.min(at.getTime() + ttl, issuer.ca.notAfter)),
    serial: (options.serials ?? randomSerials)(),
  });
  const value = { spiffeId, der, chain: [issuer.ca, ...chain] } as unknown as WorkloadCertificate;
  // Parsed, PEM-encoded and key-wrapped on first use only: a simulator that hands DER to
  // validatePeer never pays for a second parse (the certificate cache parses each DER once).
  let certificate: ParsedCertificate | undefined;
  let pem: string | undefined;
  Object.defineProperties(value, {
    certificate: {
      enumerable: true,
      get: () => (certificate ??= parseIssued(der)),
    },
    pem: { enumerable: true, get: () => (pem ??= encodePem("CERTIFICATE", der)) },
    ...(generated ? { privateKey: { enumerable: true, get: generated.privateKey } } : {}),
  });
  return { ok: true, value, findings: [] };
}
