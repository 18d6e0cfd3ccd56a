import { isAnchor, type PathCheck, problemAt } from "../path-context";

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

/**
 * Every certificate must be valid at the validation time (RFC 5280 §6.1.3(a)(2)); Go prints
 * `x509: certificate has expired or is not yet valid: current time … is after …` (verify.go
 * `isValid`). webpki does not check the anchor's own dates (`ZTUNNEL_POLICY.checkAnchorValidity`).
 */
export const checkValidity: PathCheck = (context) =>
  context.path.flatMap((certificate, index) => {
    if (isAnchor(context, index) && !context.policy.checkAnchorValidity) return [];
    const prefix = "x509: certificate has expired or is not yet valid: current time";
    if (context.at < certificate.notBefore) {
      return [
        problemAt(
          context,
          "not-yet-valid",
          index,
          `${prefix} ${iso(context.at)} is before ${iso(certificate.notBefore)}`,
        ),
      ];
    }
    if (context.at > certificate.notAfter) {
      return [
        problemAt(
          context,
          "expired",
          index,
          `${prefix} ${iso(context.at)} is after ${iso(certificate.notAfter)}`,
        ),
      ];
    }
    return [];
  });
