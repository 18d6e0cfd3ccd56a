import type { IpFamily } from "../cluster";
import { type CidrRange, formatAddress, formatIpv4, offsetInRange, parseAddress } from "./cidr";

/** What happened to an address the user declared (`status.podIP`, `spec.clusterIP`). */
export type ReserveOutcome =
  | { readonly kind: "reserved"; readonly address: string }
  | { readonly kind: "outside"; readonly address: string }
  | { readonly kind: "conflict"; readonly address: string }
  | { readonly kind: "invalid"; readonly problem: string };

/**
 * Generated addresses use at most the first 2^53 addresses of a pool, so slots are exact JS
 * numbers (an IPv6 /64 has 2^64; nobody runs out of 2^53).
 */
const MAX_SLOTS = 2 ** 53;

/**
 * The addresses of one IP family of one cluster (its pod CIDRs, or its service CIDRs). Generated
 * addresses come from a hash of the owner's stable key with linear probing, not a running
 * counter, so adding an unrelated pod never moves anybody else's address: a new key whose home
 * slot is free takes it, and no existing key's probe sequence passes through a free slot.
 */
export class AddressPool {
  readonly family: IpFamily;
  private readonly ranges: readonly CidrRange[];
  /** Usable addresses per range, capped so that the sum stays within MAX_SLOTS. */
  private readonly sizes: readonly number[];
  private readonly total: number;
  /** First usable address of each range: a number for IPv4, a bigint for IPv6. */
  private readonly firstAddresses: readonly (number | bigint)[];
  private readonly occupied = new Set<number>();
  /** Declared addresses no generated slot can reach (outside the CIDRs, or past MAX_SLOTS). */
  private readonly unreachable = new Set<string>();

  /** A pool over `ranges` (all of `family`). */
  constructor(family: IpFamily, ranges: readonly CidrRange[]) {
    this.family = family;
    this.ranges = ranges;
    let remaining = BigInt(MAX_SLOTS);
    this.sizes = ranges.map((range) => {
      const size = range.size < remaining ? range.size : remaining;
      remaining -= size;
      return Number(size);
    });
    this.total = this.sizes.reduce((sum, size) => sum + size, 0);
    this.firstAddresses = ranges.map((range) =>
      family === "IPv4" ? Number(range.network + range.first) : range.network + range.first,
    );
  }

  /** The slot of a numeric address, `undefined` when no slot holds it, `-1` when inside a CIDR but past the slots. */
  private slotOf(value: bigint): number | undefined {
    let base = 0;
    for (const [i, range] of this.ranges.entries()) {
      const offset = offsetInRange(range, value);
      if (offset !== undefined) return offset < BigInt(this.sizes[i]!) ? base + Number(offset) : -1;
      base += this.sizes[i]!;
    }
    return undefined;
  }

  private addressOf(slot: number): string {
    let remaining = slot;
    for (let i = 0; i < this.sizes.length; i++) {
      if (remaining < this.sizes[i]!) {
        // IPv4 stays in plain numbers (exact below 2^32); only IPv6 needs bigint arithmetic.
        const first = this.firstAddresses[i]!;
        return typeof first === "number"
          ? formatIpv4(first + remaining)
          : formatAddress(this.family, first + BigInt(remaining));
      }
      remaining -= this.sizes[i]!;
    }
    throw new RangeError(`slot ${slot} is outside the pool`);
  }

  /**
   * Marks a declared address as taken, so no generated address collides with it. Addresses outside
   * the pool's CIDRs are honoured too (the user may know better), but reported.
   */
  reserve(text: string): ReserveOutcome {
    const parsed = parseAddress(text);
    if (!parsed.ok) return { kind: "invalid", problem: parsed.problem };
    const slot = this.slotOf(parsed.value);
    if (slot === undefined || slot < 0) {
      if (this.unreachable.has(parsed.text)) return { kind: "conflict", address: parsed.text };
      this.unreachable.add(parsed.text);
      return slot === undefined
        ? { kind: "outside", address: parsed.text }
        : { kind: "reserved", address: parsed.text };
    }
    if (this.occupied.has(slot)) return { kind: "conflict", address: parsed.text };
    this.occupied.add(slot);
    return { kind: "reserved", address: parsed.text };
  }

  /**
   * A deterministic free address for a key whose `hash53` is `keyHash` (callers hash each key once
   * for all families), or `undefined` when every address is taken.
   */
  allocate(keyHash: number): string | undefined {
    if (this.occupied.size >= this.total) return undefined;
    let slot = keyHash % this.total;
    while (this.occupied.has(slot)) slot = slot + 1 === this.total ? 0 : slot + 1;
    this.occupied.add(slot);
    return this.addressOf(slot);
  }
}
