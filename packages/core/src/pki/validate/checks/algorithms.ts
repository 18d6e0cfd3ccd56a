import { describePublicKey } from "../asn1/public-key-info";
import { isAnchor, type PathCheck, problemAt } from "../path-context";
import { signatureScheme } from "../signature-algorithms";

/**
 * Signature algorithm and key allow-list. SHA-1 / MD5 signatures are refused by Go (`x509: cannot
 * verify signature: insecure algorithm SHA1-RSA`, pki.md §5 #15) and by BoringSSL and webpki;
 * the anchor's own self-signature is never checked. Keys: RSA below the policy minimum (2048 for
 * peers: webpki and Istio's `WORKLOAD_RSA_KEY_SIZE` floor), DSA, and curves other than
 * P-256/384/521 are rejected. Ed25519 is accepted.
 */
export const checkAlgorithms: PathCheck = (context) =>
  context.path.flatMap((certificate, index) => {
    const problems = [];
    if (!isAnchor(context, index)) {
      const scheme = signatureScheme(certificate.signatureAlgorithm);
      if (scheme?.insecure) {
        problems.push(
          problemAt(
            context,
            "insecure-signature",
            index,
            `x509: cannot verify signature: insecure algorithm ${scheme.name}`,
          ),
        );
      }
    }
    const key = certificate.publicKey;
    const described = describePublicKey(key);
    if (
      (key.algorithm === "rsa" || key.algorithm === "rsa-pss") &&
      (key.bits ?? 0) < context.policy.minRsaBits
    ) {
      problems.push(
        problemAt(
          context,
          "weak-key",
          index,
          `${described} key is below the ${context.policy.minRsaBits}-bit minimum`,
        ),
      );
    } else if (key.algorithm === "ec" && !context.policy.curves.has(key.curve ?? "")) {
      problems.push(
        problemAt(context, "unsupported-key", index, `x509: unsupported elliptic curve (${key.curve})`),
      );
    } else if (key.algorithm === "dsa" || key.algorithm === "unknown" || key.algorithm === "ed448") {
      problems.push(
        problemAt(context, "unsupported-key", index, `x509: unsupported public key algorithm (${described})`),
      );
    }
    return problems;
  });
