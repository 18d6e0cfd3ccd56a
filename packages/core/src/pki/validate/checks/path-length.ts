import { type PathCheck, problemAt } from "../path-context";

/**
 * pathLenConstraint: the number of intermediates below an issuer may not exceed it (RFC 5280
 * §4.2.1.9; Go `isValid`: `x509: too many intermediates for path length constraint`). OpenSSL and
 * BoringSSL skip self-issued intermediates in the count (RFC 5280 §6.1.4(l)); Go does not. istiod
 * checks `ca-cert.pem` as a leaf, so a violation below the cluster CA loads fine and only peers
 * reject it (pki.md §5 #11).
 */
export const checkPathLength: PathCheck = (context) => {
  const { path, policy } = context;
  const problems = [];
  let intermediatesBelow = 0;
  for (let index = 1; index < path.length; index++) {
    const pathLen = path[index]!.basicConstraints?.pathLen;
    if (pathLen !== undefined && path[index]!.basicConstraints?.ca && intermediatesBelow > pathLen) {
      problems.push(
        problemAt(
          context,
          "path-length",
          index,
          `x509: too many intermediates for path length constraint (pathlen:${pathLen}, ${intermediatesBelow} below)`,
        ),
      );
    }
    if (policy.selfIssuedCountsForPathLength || !path[index]!.selfIssued) intermediatesBelow++;
  }
  return problems;
};
