import {
  children,
  type DerElement,
  encodingOf,
  expectTag,
  readOid,
  readString,
  Tag,
  toHex,
} from "../../der/reader";

/**
 * A Name (subject or issuer) as it appears on the wire. Chain building compares `key` (the hex of
 * the raw DER), exactly like Go `crypto/x509` (`bytes.Equal(child.RawIssuer, c.RawSubject)`) and
 * rustls-webpki: two names that print the same but are encoded differently (PrintableString vs
 * UTF8String) do not match (pki.md §4.3 gotcha 3).
 */
export interface DistinguishedName {
  /** The raw DER of the Name SEQUENCE. */
  readonly der: Uint8Array;
  /** Hex of `der`: the map key for issuer lookups. */
  readonly key: string;
  /** Human rendering in encoding order, e.g. `O=Istio, CN=Intermediate CA, L=eks`. */
  readonly text: string;
  /** Case- and encoding-insensitive rendering, used only to explain near misses. */
  readonly loose: string;
  /** True for the empty SEQUENCE (istiod's workload certificates have an empty subject). */
  readonly empty: boolean;
  /** The DER of each RelativeDistinguishedName SET, in order (directoryName constraints compare these). */
  readonly rdns: readonly Uint8Array[];
  /** Every commonName value, in order. */
  readonly commonNames: readonly string[];
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.5": "serialNumber",
  "0.9.2342.19200300.100.1.25": "DC",
  "1.2.840.113549.1.9.1": "emailAddress",
};

/** Parses a Name (`SEQUENCE OF SET OF AttributeTypeAndValue`). */
export function readDistinguishedName(element: DerElement): DistinguishedName {
  expectTag(element, Tag.SEQUENCE, "name");
  const parts: string[] = [];
  const rdns: Uint8Array[] = [];
  const commonNames: string[] = [];
  for (const rdn of children(element)) {
    expectTag(rdn, Tag.SET, "relative distinguished name");
    rdns.push(encodingOf(rdn));
    for (const attribute of children(rdn)) {
      const [type, value] = children(expectTag(attribute, Tag.SEQUENCE, "attribute"));
      if (!type || !value) throw new Error("attribute without type or value");
      const oid = readOid(type);
      let text: string;
      try {
        text = readString(value);
      } catch {
        text = `#${toHex(encodingOf(value))}`;
      }
      parts.push(`${SHORT_NAMES[oid] ?? oid}=${text}`);
      if (oid === "2.5.4.3") commonNames.push(text);
    }
  }
  const der = encodingOf(element);
  const text = parts.join(", ");
  return {
    der,
    key: toHex(der),
    text,
    loose: text.toLowerCase().replace(/\s+/g, " "),
    empty: parts.length === 0,
    rdns,
    commonNames,
  };
}
