import type { PkiFindingName } from "../codes";
import { type PkiFinding, pkiFinding } from "../finding";
import type { ParsedCertificate } from "../validate/asn1/certificate";
import { type CertificateRole, roleLabel } from "./certificate-role";

const DAY_MS = 86_400_000;

const SOON: Partial<Record<CertificateRole, PkiFindingName>> = {
  intermediate: "INTERMEDIATE_EXPIRES_SOON",
  root: "ROOT_EXPIRES_SOON",
};

/**
 * A warning when a CA expires within `horizonDays` of `at` (already expired CAs are reported by
 * the chain checks). Rotation needs at least one workload-certificate lifetime per phase, so the
 * horizon should cover the whole rotation plan.
 */
export function expiryHorizonFinding(
  certificate: ParsedCertificate,
  role: CertificateRole,
  at: number,
  horizonDays: number,
  cluster?: string,
): PkiFinding | undefined {
  const name = SOON[role];
  if (!name || certificate.notAfter < at || certificate.notAfter - at > horizonDays * DAY_MS)
    return undefined;
  const days = Math.floor((certificate.notAfter - at) / DAY_MS);
  return pkiFinding(name, {
    message: `${roleLabel(role)} "${certificate.subject.text}" expires in ${days} days (${new Date(certificate.notAfter).toISOString()}), within the ${horizonDays}-day horizon`,
    certificate,
    expected: `notAfter later than ${new Date(at + horizonDays * DAY_MS).toISOString()}`,
    found: new Date(certificate.notAfter).toISOString(),
    ...(cluster ? { cluster } : {}),
  });
}
