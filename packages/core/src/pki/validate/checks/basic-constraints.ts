import { isAnchor, issuerIndexes, type PathCheck, problemAt } from "../path-context";

const NOT_AUTHORIZED = "x509: certificate is not authorized to sign other certificates";
const CANNOT_SIGN = "x509: invalid signature: parent certificate cannot sign this kind of certificate";

/**
 * Every issuer must be a CA. Go distinguishes the cases (pki.md §1.2): a v1 intermediate fails
 * `isValid` (`NotAuthorizedToSign`), a v3 issuer without basicConstraints or with CA:false fails
 * `CheckSignatureFrom` (`ConstraintViolationError`). A v1 trust anchor is accepted by Go, BoringSSL
 * (`V1_ROOT`) and webpki. Leaves: webpki rejects a CA certificate used as the end entity and any
 * leaf that is not v3.
 */
export const checkBasicConstraints: PathCheck = (context) => {
  const problems = issuerIndexes(context).flatMap((index) => {
    const certificate = context.path[index]!;
    const bc = certificate.basicConstraints;
    if (certificate.version < 3) {
      return isAnchor(context, index) ? [] : [problemAt(context, "not-ca-v1", index, NOT_AUTHORIZED)];
    }
    if (!bc) return [problemAt(context, "not-ca-no-basic-constraints", index, CANNOT_SIGN)];
    if (!bc.ca) return [problemAt(context, "not-ca-false", index, CANNOT_SIGN)];
    return [];
  });
  const leaf = context.path[0]!;
  const leafIsAnchor = isAnchor(context, 0);
  if (!leafIsAnchor && !context.policy.leafMayBeCa && leaf.basicConstraints?.ca) {
    problems.push(problemAt(context, "leaf-is-ca", 0, "invalid peer certificate: CaUsedAsEndEntity"));
  }
  if (!leafIsAnchor && context.policy.leafMustBeV3 && leaf.version !== 3) {
    problems.push(problemAt(context, "leaf-not-v3", 0, "invalid peer certificate: UnsupportedCertVersion"));
  }
  return problems;
};
