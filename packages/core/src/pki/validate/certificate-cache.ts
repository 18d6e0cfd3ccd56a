import { parsePem } from "../pem";
import { type CertificateParseResult, type ParsedCertificate, parseCertificateDer } from "./asn1/certificate";

/** Anything that names one certificate: already parsed, DER bytes, or PEM text (its first CERTIFICATE block). */
export type CertificateInput = ParsedCertificate | Uint8Array | string;

/**
 * Parses each distinct certificate once. The simulator validates the same intermediates and roots
 * on every hop, so parsing (and, through object identity, signature checking) must not repeat.
 * Bounded: the oldest entries go first once `capacity` is reached.
 */
export class CertificateCache {
  private readonly byDer = new Map<
    string,
    { readonly der: Uint8Array; readonly result: CertificateParseResult }
  >();
  private readonly byPem = new Map<string, CertificateParseResult>();

  constructor(private readonly capacity = 100_000) {}

  /**
   * Parses (or recalls) a DER certificate. The map key is the length and the last 96 bytes — the
   * signature, unique per certificate — so a lookup hashes 100 bytes rather than the whole
   * certificate; a hit is confirmed by comparing the full DER.
   */
  fromDer(der: Uint8Array): CertificateParseResult {
    const bytes = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    const key = `${bytes.length}:${bytes.toString("latin1", Math.max(0, bytes.length - 96))}`;
    const hit = this.byDer.get(key);
    if (hit && bytes.equals(hit.der)) return hit.result;
    const copy = new Uint8Array(der);
    const result = parseCertificateDer(copy);
    this.remember(this.byDer, key, { der: copy, result });
    return result;
  }

  /** Parses (or recalls) the first CERTIFICATE block of a PEM text. */
  fromPem(pem: string): CertificateParseResult {
    const hit = this.byPem.get(pem);
    if (hit) return hit;
    const { blocks } = parsePem(pem);
    const block = blocks.find((b) => b.label === "CERTIFICATE");
    const result: CertificateParseResult = block
      ? this.fromDer(block.der)
      : { ok: false, reason: "no CERTIFICATE PEM block" };
    this.remember(this.byPem, pem, result);
    return result;
  }

  /** Resolves any certificate input. */
  resolve(input: CertificateInput): CertificateParseResult {
    if (typeof input === "string") return this.fromPem(input);
    if (input instanceof Uint8Array) return this.fromDer(input);
    return { ok: true, certificate: input };
  }

  /** Number of distinct DER certificates held. */
  get size(): number {
    return this.byDer.size;
  }

  private remember<T>(map: Map<string, T>, key: string, value: T): void {
    if (map.size >= this.capacity) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, value);
  }
}

/** The process-wide cache used when a caller does not bring its own. */
export const sharedCertificateCache = new CertificateCache();
