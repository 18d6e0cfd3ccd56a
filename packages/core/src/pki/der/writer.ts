/**
 * A minimal DER writer for the structures meshwright emits itself (workload certificate TBS,
 * name constraints in tests). Every function returns a fresh byte array holding one element.
 */

/** Encodes the length octets of a DER element. */
function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let value = length; value > 0; value = Math.floor(value / 256)) bytes.unshift(value & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

/** One element: identifier octet, length, value. */
export function element(tag: number, ...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const header = [tag, ...lengthOctets(size)];
  const out = new Uint8Array(header.length + size);
  out.set(header, 0);
  let offset = header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** SEQUENCE of already-encoded elements. */
export function sequence(...items: readonly Uint8Array[]): Uint8Array {
  return element(0x30, ...items);
}

/** OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const values = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const value of values) {
    const group: number[] = [value & 0x7f];
    for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128))
      group.unshift(0x80 | (rest & 0x7f));
    bytes.push(...group);
  }
  return element(0x06, Uint8Array.from(bytes));
}

/** INTEGER from unsigned big-endian magnitude bytes (adds the sign octet, strips redundant zeros). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsPad = trimmed.length === 0 || trimmed[0]! >= 0x80;
  return element(0x02, needsPad ? Uint8Array.of(0, ...trimmed) : trimmed);
}

/** INTEGER from a small non-negative number. */
export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return unsignedInteger(Uint8Array.from(bytes.length === 0 ? [0] : bytes));
}

/** BOOLEAN. */
export function boolean(value: boolean): Uint8Array {
  return element(0x01, Uint8Array.of(value ? 0xff : 0x00));
}

/** BIT STRING holding whole bytes (unused bits 0), e.g. a signature or a key. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return element(0x03, Uint8Array.of(unusedBits), bytes);
}

/** A named-bit BIT STRING (KeyUsage) from bit positions, with DER's trailing-zero trimming. */
export function namedBits(positions: readonly number[]): Uint8Array {
  if (positions.length === 0) return bitString(new Uint8Array(0));
  const highest = Math.max(...positions);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const position of positions) bytes[Math.floor(position / 8)]! |= 0x80 >> (position % 8);
  return bitString(bytes, 7 - (highest % 8));
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Uint8Array {
  return element(0x04, bytes);
}

/** IA5String (ASCII). */
export function ia5String(text: string): Uint8Array {
  return element(0x16, new TextEncoder().encode(text));
}

/** UTF8String. */
export function utf8String(text: string): Uint8Array {
  return element(0x0c, new TextEncoder().encode(text));
}

/** Context-specific tag `[n]`, constructed (EXPLICIT or a constructed IMPLICIT type). */
export function contextConstructed(n: number, ...items: readonly Uint8Array[]): Uint8Array {
  return element(0xa0 | n, ...items);
}

/** Context-specific tag `[n]`, primitive (IMPLICIT on a primitive type). */
export function contextPrimitive(n: number, value: Uint8Array): Uint8Array {
  return element(0x80 | n, value);
}

const two = (n: number): string => String(n).padStart(2, "0");

/**
 * A certificate validity time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280
 * §4.1.2.5), always whole seconds in UTC.
 */
export function x509Time(at: Date): Uint8Array {
  const year = at.getUTCFullYear();
  const rest = `${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050)
    return element(0x17, new TextEncoder().encode(`${two(year % 100)}${rest}`));
  return element(0x18, new TextEncoder().encode(`${String(year).padStart(4, "0")}${rest}`));
}
