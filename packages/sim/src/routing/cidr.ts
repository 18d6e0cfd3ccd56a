/** IP-in-CIDR checks for `destinationSubnets` (IPv4 and IPv6; a bare address is a /32 or /128). */

/** The address as a big integer and its bit length, or undefined if it does not parse. */
export function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (text.includes(":")) return parseIpv6(text);
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return { value, bits: 32 };
}

function parseIpv6(text: string): { value: bigint; bits: 128 } | undefined {
  let body = text;
  let v4Tail: bigint | undefined;
  const lastColon = body.lastIndexOf(":");
  const lastPart = body.slice(lastColon + 1);
  if (lastPart.includes(".")) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
    const v4 = parseIp(lastPart);
    if (v4 === undefined || v4.bits !== 32) return undefined;
    v4Tail = v4.value;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? 8 - count : 0).fill("0"), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  if (v4Tail !== undefined) value = (value & ~0xffffffffn) | v4Tail;
  return { value, bits: 128 };
}

/** Whether `address` lies in `cidr` (`10.0.0.0/8`, `fd00::/64`, or a bare address). */
export function ipInCidr(address: string, cidr: string): boolean {
  const slash = cidr.indexOf("/");
  const network = parseIp(slash < 0 ? cidr : cidr.slice(0, slash));
  const ip = parseIp(address);
  if (network === undefined || ip === undefined || network.bits !== ip.bits) return false;
  const prefix = slash < 0 ? network.bits : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > network.bits) return false;
  const shift = BigInt(network.bits - prefix);
  return ip.value >> shift === network.value >> shift;
}
