import type { ParsedCertificate } from "../validate/asn1/certificate";
import { dnsNameMatches } from "../validate/dns-names";
import { ipEquals, parseIpAddress } from "../validate/ip-addresses";

/**
 * Matches a TLS server's expected name against the leaf's subjectAltName only (RFC 9525: the
 * subject CN is never consulted, like Go ≥ 1.15 and webpki). Returns the mismatch text or undefined.
 */
export function matchExpectedPeerName(
  leaf: ParsedCertificate,
  expected: { readonly kind: "DNS" | "IP" | "RFC822"; readonly value: string },
): string | undefined {
  const names = leaf.subjectAltName?.names ?? [];
  if (expected.kind === "DNS") {
    const ok = names.some((n) => n.kind === "dns" && dnsNameMatches(n.value, expected.value));
    return ok ? undefined : `x509: certificate is not valid for ${expected.value}`;
  }
  if (expected.kind === "IP") {
    const wanted = parseIpAddress(expected.value);
    const ok = wanted !== undefined && names.some((n) => n.kind === "ip" && ipEquals(n.bytes, wanted));
    return ok
      ? undefined
      : `x509: certificate is not valid for any names, but wanted to match ${expected.value}`;
  }
  const ok = names.some((n) => n.kind === "email" && n.value.toLowerCase() === expected.value.toLowerCase());
  return ok ? undefined : `x509: certificate is not valid for ${expected.value}`;
}
