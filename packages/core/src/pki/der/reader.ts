/**
 * A strict DER reader: definite, minimal lengths only (Go's `cryptobyte`, which istiod uses, and
 * rustls-webpki, which ztunnel uses, both reject BER forms), so a certificate either parses the way
 * the data plane parses it or it is reported as malformed.
 */

/** ASN.1 tag classes. */
export type TagClass = "universal" | "application" | "context" | "private";

/** One DER element: where its header and value sit in the buffer it was read from. */
export interface DerElement {
  readonly tagClass: TagClass;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** The identifier octet as written (single-byte tags only; multi-byte tags are rejected). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first value octet. */
  readonly valueStart: number;
  /** Offset just past the value. */
  readonly end: number;
  /** The whole buffer the element was read from. */
  readonly buffer: Uint8Array;
}

/** Thrown only inside the der/ and validate/ parsers; callers turn it into a finding. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerError";
  }
}

const CLASSES: readonly TagClass[] = ["universal", "application", "context", "private"];

/** Reads the element starting at `offset`, never past `limit`. */
export function readElement(buffer: Uint8Array, offset = 0, limit = buffer.length): DerElement {
  if (offset >= limit) throw new DerError("unexpected end of data");
  const tag = buffer[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not used in X.509");
  let cursor = offset + 1;
  if (cursor >= limit) throw new DerError("truncated length");
  const first = buffer[cursor++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const octets = first & 0x7f;
    if (octets === 0) throw new DerError("indefinite length is not DER");
    if (octets > 4) throw new DerError("length too large");
    if (cursor + octets > limit) throw new DerError("truncated length");
    if (buffer[cursor] === 0) throw new DerError("non-minimal length encoding");
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buffer[cursor++]!;
    if (length < 0x80) throw new DerError("non-minimal length encoding");
  }
  const end = cursor + length;
  if (end > limit) throw new DerError("element runs past its container");
  return {
    tagClass: CLASSES[tag >> 6]!,
    constructed: (tag & 0x20) !== 0,
    tagNumber: tag & 0x1f,
    tag,
    start: offset,
    valueStart: cursor,
    end,
    buffer,
  };
}

/** The children of a constructed element, in order. */
export function children(element: DerElement): DerElement[] {
  if (!element.constructed) throw new DerError("expected a constructed element");
  const out: DerElement[] = [];
  let offset = element.valueStart;
  while (offset < element.end) {
    const child = readElement(element.buffer, offset, element.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** Reads exactly one element spanning the whole buffer (trailing bytes are an error). */
export function readSingle(buffer: Uint8Array): DerElement {
  const element = readElement(buffer, 0, buffer.length);
  if (element.end !== buffer.length) throw new DerError("trailing data after the element");
  return element;
}

/** The value octets of an element (a view, not a copy). */
export function contentOf(element: DerElement): Uint8Array {
  return element.buffer.subarray(element.valueStart, element.end);
}

/** The whole encoding of an element, header included (a view, not a copy). */
export function encodingOf(element: DerElement): Uint8Array {
  return element.buffer.subarray(element.start, element.end);
}

/** Universal tag numbers used by X.509. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
} as const;

/** Asserts the element has the expected identifier octet. */
export function expectTag(element: DerElement, tag: number, what: string): DerElement {
  if (element.tag !== tag) {
    throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)}`);
  }
  return element;
}

/** Decodes an OBJECT IDENTIFIER to dotted form. */
export function readOid(element: DerElement): string {
  expectTag(element, Tag.OID, "object identifier");
  const bytes = contentOf(element);
  if (bytes.length === 0) throw new DerError("empty object identifier");
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (value === 0 && byte === 0x80) throw new DerError("non-minimal object identifier arc");
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    } else if (i === bytes.length - 1) {
      throw new DerError("truncated object identifier");
    }
  }
  return parts.join(".");
}

/** Decodes a DER BOOLEAN (only 0x00 / 0xff are DER). */
export function readBoolean(element: DerElement): boolean {
  expectTag(element, Tag.BOOLEAN, "boolean");
  const bytes = contentOf(element);
  if (bytes.length !== 1 || (bytes[0] !== 0 && bytes[0] !== 0xff)) throw new DerError("invalid DER boolean");
  return bytes[0] === 0xff;
}

/** The content octets of an INTEGER after checking minimal encoding (big-endian two's complement). */
export function readIntegerBytes(element: DerElement): Uint8Array {
  expectTag(element, Tag.INTEGER, "integer");
  const bytes = contentOf(element);
  if (bytes.length === 0) throw new DerError("empty integer");
  if (
    bytes.length > 1 &&
    ((bytes[0] === 0 && bytes[1]! < 0x80) || (bytes[0] === 0xff && bytes[1]! >= 0x80))
  ) {
    throw new DerError("non-minimal integer encoding");
  }
  return bytes;
}

/** Decodes a small non-negative INTEGER (path lengths, versions). */
export function readSmallInteger(element: DerElement): number {
  const bytes = readIntegerBytes(element);
  if (bytes[0]! >= 0x80) throw new DerError("negative integer where a non-negative one is required");
  if (bytes.length > 6) throw new DerError("integer too large");
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

/** Decodes a BIT STRING: its bytes and the number of unused bits in the last byte. */
export function readBitString(element: DerElement): { bytes: Uint8Array; unusedBits: number } {
  expectTag(element, Tag.BIT_STRING, "bit string");
  const value = contentOf(element);
  if (value.length === 0) throw new DerError("empty bit string");
  const unusedBits = value[0]!;
  if (unusedBits > 7 || (value.length === 1 && unusedBits !== 0))
    throw new DerError("invalid bit string padding");
  return { bytes: value.subarray(1), unusedBits };
}

const LATIN1 = new TextDecoder("latin1");
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes an ASN.1 string value (UTF8String strictly, the 8-bit types as Latin-1, BMPString as UTF-16BE). */
export function readString(element: DerElement): string {
  const bytes = contentOf(element);
  switch (element.tag) {
    case Tag.UTF8_STRING:
      try {
        return UTF8.decode(bytes);
      } catch {
        throw new DerError("invalid UTF-8 in UTF8String");
      }
    case 0x1e: {
      let out = "";
      for (let i = 0; i + 1 < bytes.length; i += 2)
        out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
      return out;
    }
    default:
      return LATIN1.decode(bytes);
  }
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
