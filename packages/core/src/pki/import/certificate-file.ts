import { type PkiFinding, pkiFinding } from "../finding";
import { parsePem } from "../pem";
import type { ParsedCertificate } from "../validate/asn1/certificate";
import { type CertificateCache, sharedCertificateCache } from "../validate/certificate-cache";

/**
 * Every certificate of a PEM file (several per file are normal: chains, root bundles). Non-PEM
 * input (DER, a key file, garbage) and unparsable certificates become findings.
 */
export function readCertificateFile(
  text: string,
  file: string,
  cache: CertificateCache = sharedCertificateCache,
): { certificates: ParsedCertificate[]; findings: PkiFinding[] } {
  const { blocks, problem } = parsePem(text);
  const certificateBlocks = blocks.filter((b) => b.label === "CERTIFICATE");
  if (certificateBlocks.length === 0) {
    return {
      certificates: [],
      findings: [
        pkiFinding("INPUT_NOT_PEM", {
          component: "istiod",
          message: `${file} holds no PEM certificate${problem ? ` (${problem.reason})` : blocks.length > 0 ? ` (found ${blocks[0]!.label})` : ""}`,
          symptom:
            "failed to create CA KeyCertBundle (failed to parse cert PEM: invalid PEM encoded certificate)",
          file,
          expected: "-----BEGIN CERTIFICATE-----",
        }),
      ],
    };
  }
  const certificates: ParsedCertificate[] = [];
  const findings: PkiFinding[] = [];
  certificateBlocks.forEach((block, index) => {
    const parsed = cache.fromDer(block.der);
    if (parsed.ok) certificates.push(parsed.certificate);
    else {
      findings.push(
        pkiFinding("CERTIFICATE_MALFORMED", {
          component: "istiod",
          message: `certificate ${index + 1} of ${file} cannot be parsed: ${parsed.reason}`,
          symptom: `x509: malformed certificate`,
          file,
        }),
      );
    }
  });
  return { certificates, findings };
}
