import { bytesEqual } from "../der/reader";

/** Parses a textual IPv4 / IPv6 address to its 4 or 16 octets, or undefined. */
export function parseIpAddress(text: string): Uint8Array | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split(".").map(Number);
    if (
      parts.some((p, i) => p > 255 || (text.split(".")[i]!.length > 1 && text.split(".")[i]!.startsWith("0")))
    ) {
      return undefined;
    }
    return Uint8Array.from(parts);
  }
  if (!text.includes(":")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups = part.split(":");
    if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return groups.map((g) => Number.parseInt(g, 16));
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** Is `address` inside the subnet `network`/`mask` (same family only)? */
export function ipWithinSubnet(address: Uint8Array, network: Uint8Array, mask: Uint8Array): boolean {
  if (address.length !== network.length) return false;
  for (let i = 0; i < address.length; i++) {
    if ((address[i]! & mask[i]!) !== (network[i]! & mask[i]!)) return false;
  }
  return true;
}

/** Byte equality of two addresses. */
export function ipEquals(a: Uint8Array, b: Uint8Array): boolean {
  return bytesEqual(a, b);
}

/** Renders 4 or 16 octets as text. */
export function formatIpAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join(".");
  if (bytes.length === 16) {
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
    // RFC 5952 §4.2: compress the longest run (length ≥ 2, first on ties) of zero groups.
    let bestStart = -1;
    let bestLength = 1;
    for (let start = 0; start < 8; start++) {
      let length = 0;
      while (start + length < 8 && groups[start + length] === 0) length++;
      if (length > bestLength) [bestStart, bestLength] = [start, length];
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) return hex.join(":");
    return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
  }
  return `<${bytes.length}-byte address>`;
}
