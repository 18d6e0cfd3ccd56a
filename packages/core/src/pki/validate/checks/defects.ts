import { isAnchor, type PathCheck, problemAt, rfc5280At } from "../path-context";

/**
 * Certificate-level defects found while parsing: the fatal ones (malformed or duplicate
 * extensions, mismatched signature algorithms) make Go's parser refuse the certificate; the rest
 * are RFC 5280 rules reported as advisories (errors in pedantic mode). Trust anchors are
 * configuration, not validated input (RFC 5280 §6.1.1(d)): their serial-number quirks are ignored.
 */
export const checkDefects: PathCheck = (context) =>
  context.path.flatMap((certificate, index) =>
    certificate.defects.flatMap((defect) =>
      !defect.fatal && isAnchor(context, index)
        ? []
        : defect.fatal
          ? problemAt(context, "malformed", index, `x509: malformed certificate: ${defect.detail}`)
          : rfc5280At(context, index, defect.detail),
    ),
  );
