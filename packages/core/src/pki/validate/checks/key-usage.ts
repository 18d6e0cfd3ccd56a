import { issuerIndexes, type PathCheck, problemAt } from "../path-context";

/**
 * An issuer whose keyUsage is present must assert keyCertSign (RFC 5280 §4.2.1.3). Go enforces it
 * in `CheckSignatureFrom` ("parent certificate cannot sign this kind of certificate"), OpenSSL /
 * BoringSSL as "key usage does not include certificate signing", webpki ≥ 0.104 too. istiod never
 * looks at its own CA's keyUsage, so such a bundle loads and every handshake fails (pki.md §5 #17).
 */
export const checkIssuerKeyUsage: PathCheck = (context) =>
  issuerIndexes(context).flatMap((index) => {
    const keyUsage = context.path[index]!.keyUsage;
    if (!keyUsage || keyUsage.usages.includes("keyCertSign")) return [];
    return [
      problemAt(
        context,
        "issuer-key-usage",
        index,
        "x509: invalid signature: parent certificate cannot sign this kind of certificate (keyUsage lacks keyCertSign)",
      ),
    ];
  });
