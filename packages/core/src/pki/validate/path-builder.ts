import type { ParsedCertificate } from "./asn1/certificate";
import type { ChainPolicy } from "./chain-policy";
import type { UnknownAuthorityCause } from "./chain-problem";
import { verifySignature } from "./signature";
import type { TrustBundle } from "./trust-bundle";

/** What the search is given. */
export interface PathSearchInput {
  readonly leaf: ParsedCertificate;
  readonly intermediates: ReadonlyMap<string, readonly ParsedCertificate[]>;
  readonly bundle: TrustBundle;
  readonly policy: ChainPolicy;
}

/** The longest path that reached no anchor, and why its top has no issuer. */
export interface PartialPath {
  readonly path: readonly ParsedCertificate[];
  readonly cause: UnknownAuthorityCause;
}

function sameLogicalCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return (
    a.fingerprint === b.fingerprint || (a.subject.key === b.subject.key && Buffer.from(a.spki).equals(b.spki))
  );
}

function preferKeyIdMatch(
  child: ParsedCertificate,
  candidates: readonly ParsedCertificate[],
): ParsedCertificate[] {
  const keyId = child.authorityKeyId?.keyId;
  if (!keyId) return [...candidates];
  return [...candidates].sort((a, b) => Number(b.subjectKeyId === keyId) - Number(a.subjectKeyId === keyId));
}

function diagnose(
  top: ParsedCertificate,
  input: PathSearchInput,
  signatureMiss?: UnknownAuthorityCause["signatureMismatch"],
): UnknownAuthorityCause {
  const everyone = [...input.bundle.anchors, ...[...input.intermediates.values()].flat()];
  const encodingMismatch = everyone.find(
    (c) => c.subject.key !== top.issuer.key && c.subject.loose === top.issuer.loose && !c.subject.empty,
  );
  return {
    ...(signatureMiss ? { signatureMismatch: signatureMiss } : {}),
    ...(encodingMismatch ? { encodingMismatch } : {}),
    untrustedRoot: top.selfIssued,
  };
}

/**
 * Depth-first path building from the leaf to any trust anchor, matching issuers by raw subject
 * DER (Go `buildChains`, rustls-webpki) and checking each link's signature (cached). Anchors are
 * tried before intermediates and AKI/SKI matches first. Calls `onPath` for every anchored path
 * until it returns true; the signature budget and depth bound guard against pathological graphs.
 */
export function searchPaths(
  input: PathSearchInput,
  onPath: (path: readonly ParsedCertificate[]) => boolean,
): PartialPath {
  const { leaf, bundle, policy } = input;
  let budget = policy.signatureBudget;
  let stopped = false;
  let partial: PartialPath = { path: [leaf], cause: { untrustedRoot: leaf.selfIssued } };

  if (bundle.fingerprints.has(leaf.fingerprint)) {
    onPath([leaf]);
    return partial;
  }

  const extend = (path: ParsedCertificate[]): void => {
    const top = path[path.length - 1]!;
    const anchors = bundle.bySubject.get(top.issuer.key) ?? [];
    const intermediates = (input.intermediates.get(top.issuer.key) ?? []).filter(
      (c) => !bundle.fingerprints.has(c.fingerprint),
    );
    const candidates = [
      ...preferKeyIdMatch(top, anchors).map((c) => ({ certificate: c, anchor: true })),
      ...preferKeyIdMatch(top, intermediates).map((c) => ({ certificate: c, anchor: false })),
    ];
    let signatureMiss: UnknownAuthorityCause["signatureMismatch"];
    let extended = false;
    for (const { certificate, anchor } of candidates) {
      if (stopped || budget <= 0) return;
      if (path.some((c) => sameLogicalCertificate(c, certificate))) continue;
      budget--;
      const signature = verifySignature(top, certificate);
      if (!signature.ok) {
        signatureMiss ??= { candidate: certificate, detail: signature.detail };
        continue;
      }
      extended = true;
      const next = [...path, certificate];
      if (anchor) {
        if (onPath(next)) {
          stopped = true;
          return;
        }
      } else if (next.length - 1 <= policy.maxIntermediates) {
        extend(next);
      }
    }
    if (!extended && path.length >= partial.path.length) {
      partial = { path, cause: diagnose(top, input, signatureMiss) };
    }
  };

  extend([leaf]);
  return partial;
}
