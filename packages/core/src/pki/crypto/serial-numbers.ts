import { randomBytes } from "node:crypto";

/** Produces certificate serial numbers: 16 bytes, positive, first octet non-zero (DER-minimal, < 2^127). */
export type SerialSource = () => Uint8Array;

function normalise(bytes: Uint8Array): Uint8Array {
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

let pool = new Uint8Array(0);
let offset = 0;

/**
 * Cryptographically random serials, as istiod's `genSerialNum` (random < 2^128). Random bytes are
 * drawn 4 KiB at a time: one syscall per 256 serials instead of one per serial.
 */
export const randomSerials: SerialSource = () => {
  if (offset + 16 > pool.length) {
    pool = new Uint8Array(randomBytes(4096));
    offset = 0;
  }
  offset += 16;
  return normalise(pool.slice(offset - 16, offset));
};

/**
 * Reproducible serials from a seed (DESIGN.md principle 6: randomness other than keys comes from a
 * seed the caller can set). SplitMix64 — fine for unique serials, not for secrets.
 */
export function seededSerials(seed: number): SerialSource {
  let state = BigInt.asUintN(64, BigInt(seed));
  const next = (): bigint => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  return () => {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, next());
    view.setBigUint64(8, next());
    return normalise(bytes);
  };
}

/** Hex of a serial, as @peculiar/x509 takes it. */
export function serialHex(serial: Uint8Array): string {
  return Buffer.from(serial).toString("hex");
}
