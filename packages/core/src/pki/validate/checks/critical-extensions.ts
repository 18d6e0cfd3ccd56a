import { type PathCheck, problemAt } from "../path-context";

/**
 * A critical extension the verifier does not process rejects the certificate (RFC 5280 §4.2;
 * Go `UnhandledCriticalExtension`, BoringSSL `X509_supported_extension`, webpki
 * `UnsupportedCriticalExtension`). Each policy lists what its verifier handles.
 */
export const checkCriticalExtensions: PathCheck = (context) =>
  context.path.flatMap((certificate, index) =>
    certificate.extensions
      .filter(
        (extension) => extension.critical && !context.policy.handledCriticalExtensions.has(extension.oid),
      )
      .map((extension) =>
        problemAt(
          context,
          "unhandled-critical-extension",
          index,
          `x509: unhandled critical extension (${extension.oid})`,
        ),
      ),
  );
