import { children, contentOf, type DerElement, DerError, encodingOf, readString } from "../../der/reader";

/** One GeneralName (RFC 5280 §4.2.1.6), reduced to what validation needs. */
export type GeneralName =
  | { readonly kind: "dns"; readonly value: string }
  | { readonly kind: "uri"; readonly value: string }
  | { readonly kind: "email"; readonly value: string }
  | { readonly kind: "ip"; readonly bytes: Uint8Array }
  | { readonly kind: "dn"; readonly der: Uint8Array }
  /** otherName, x400Address, ediPartyName, registeredID: names meshwright does not interpret. */
  | { readonly kind: "other"; readonly tagNumber: number };

const ASCII = /^[\x20-\x7e]*$/;

/** Decodes one context-tagged GeneralName. IA5String forms must be ASCII (RFC 5280). */
export function readGeneralName(element: DerElement): GeneralName {
  if (element.tagClass !== "context") throw new DerError("GeneralName is not context-tagged");
  switch (element.tagNumber) {
    case 1:
    case 2:
    case 6: {
      if (element.constructed) throw new DerError("IA5String GeneralName must be primitive");
      const value = readString(element);
      if (!ASCII.test(value)) throw new DerError("non-ASCII character in an IA5String name");
      return { kind: element.tagNumber === 1 ? "email" : element.tagNumber === 2 ? "dns" : "uri", value };
    }
    case 7:
      if (element.constructed) throw new DerError("iPAddress must be primitive");
      return { kind: "ip", bytes: contentOf(element) };
    case 4: {
      const [name] = children(element);
      if (!name) throw new DerError("empty directoryName");
      return { kind: "dn", der: encodingOf(name) };
    }
    default:
      return { kind: "other", tagNumber: element.tagNumber };
  }
}

/** Decodes `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`. */
export function readGeneralNames(element: DerElement): GeneralName[] {
  const names = children(element).map(readGeneralName);
  if (names.length === 0) throw new DerError("empty GeneralNames");
  return names;
}
