import { OID } from "../../der/oids";
import { type PathCheck, problemAt } from "../path-context";

/**
 * EKU nesting, Go's rule (verify.go `checkChainForKeyUsage`): every certificate on the path that
 * carries an extKeyUsage must allow the requested usage (or anyExtendedKeyUsage). istiod asks for
 * serverAuth when it loads `ca-cert.pem` (default `VerifyOptions`), so a clientAuth-only
 * intermediate fails there (pki.md §5 #10, istio/istio#27193).
 */
export const checkExtendedKeyUsage: PathCheck = (context) => {
  const usage = context.policy.usage;
  if (usage === "any") return [];
  const wanted = usage === "serverAuth" ? OID.serverAuth : OID.clientAuth;
  return context.path.flatMap((certificate, index) => {
    const eku = certificate.extendedKeyUsage;
    if (!eku || eku.purposes.includes(OID.anyExtendedKeyUsage) || eku.purposes.includes(wanted)) return [];
    return [
      problemAt(
        context,
        "eku-incompatible",
        index,
        `x509: certificate specifies an incompatible key usage (needs ${usage})`,
      ),
    ];
  });
};
