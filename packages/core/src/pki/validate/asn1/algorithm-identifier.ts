import { children, type DerElement, encodingOf, expectTag, readOid, Tag } from "../../der/reader";

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }. */
export interface AlgorithmIdentifier {
  readonly oid: string;
  /** The parameters element (header included), when present. */
  readonly parameters?: DerElement;
  /** The whole encoding: the TBS and outer copies must be byte-identical (RFC 5280 §4.1.1.2). */
  readonly der: Uint8Array;
}

/** Decodes an AlgorithmIdentifier. */
export function readAlgorithmIdentifier(element: DerElement): AlgorithmIdentifier {
  const [algorithm, parameters, extra] = children(expectTag(element, Tag.SEQUENCE, "algorithm identifier"));
  if (!algorithm || extra) throw new Error("malformed algorithm identifier");
  const oid = readOid(algorithm);
  const der = encodingOf(element);
  return parameters ? { oid, parameters, der } : { oid, der };
}
