import type { Diagnostic } from "@meshwright/core";
import { routingDiagnostic } from "./codes";
import { isWildcardHost } from "./host-name";
import type { ServiceEntryService } from "./service-entry";

/**
 * Which ServiceEntry address allocator an istiod runs:
 * - `controller`: `PILOT_ENABLE_IP_AUTOALLOCATE` (default `true` in 1.30 and 1.31,
 *   `pilot/pkg/features/pilot.go`): the IP allocator controller writes addresses into each
 *   ServiceEntry's `status.addresses`, sequentially from 240.240.0.1 / 2001:2::1
 *   (`pilot/pkg/controllers/ipallocate/ipallocate.go`).
 * - `hash`: the legacy agent-side allocation used with `ISTIO_META_DNS_AUTO_ALLOCATE` when the
 *   controller is off: a double-hashed slot per `<namespace>/<host>`
 *   (`pilot/pkg/serviceregistry/serviceentry/auto_allocation.go` autoAllocateIPs).
 * - `off`: no addresses.
 */
export type AutoAllocationMode = "controller" | "hash" | "off";

/** The auto-allocated addresses of one ServiceEntry host. */
export interface AllocatedAddresses {
  readonly v4?: string;
  readonly v6?: string;
}

/**
 * The allocator an istiod uses, from its environment (`istiodFeatures`) and MeshConfig's
 * `dnsAutoAllocate` (the proxy-side `ISTIO_META_DNS_AUTO_ALLOCATE`): the controller unless
 * `PILOT_ENABLE_IP_AUTOALLOCATE` is explicitly false; then the legacy hash allocation when the
 * proxies ask for it.
 */
export function autoAllocationMode(
  istiodFeatures: Readonly<Record<string, string>>,
  dnsAutoAllocate: boolean,
): AutoAllocationMode {
  const flag = istiodFeatures.PILOT_ENABLE_IP_AUTOALLOCATE?.toLowerCase();
  if (flag !== "false" && flag !== "0") return "controller";
  return dnsAutoAllocate ? "hash" : "off";
}

/**
 * Auto-allocated addresses for the ServiceEntry hosts that get them, keyed by
 * `<namespace>/<hostname>`. Deterministic: the controller processes ServiceEntries in creation
 * order (creationTimestamp, then name, then namespace — the order a fresh istiod reconciles objects
 * applied one after another) and honours addresses already in `status.addresses`.
 */
export function allocateServiceEntryAddresses(
  services: readonly ServiceEntryService[],
  mode: AutoAllocationMode,
): { addresses: Map<string, AllocatedAddresses>; diagnostics: Diagnostic[] } {
  if (mode === "controller") return controllerAllocation(services);
  if (mode === "hash") return { addresses: hashAllocation(services), diagnostics: [] };
  return { addresses: new Map(), diagnostics: [] };
}

// ---------------------------------------------------------------------------------------------
// Controller allocation (ipallocate.go): ShouldV2AutoAllocateIP + keepHost + prefixUse.allocateNext.

const V4_BASE = (240 << 24) | (240 << 16); // 240.240.0.0/16
const V4_SIZE = 1 << 16;

/**
 * Whether the controller allocates for this ServiceEntry (`ShouldV2AutoAllocateIP`): not for
 * resolution NONE, not when opted out by label, not when `spec.addresses` is set.
 */
export function controllerAllocates(service: ServiceEntryService): boolean {
  return service.resolution !== "NONE" && !service.autoAllocateOptOut && service.addresses.length === 0;
}

/** Wildcard hosts are skipped unless the resolution is DYNAMIC_DNS (`keepHost`). */
function controllerKeepsHost(service: ServiceEntryService): boolean {
  return !isWildcardHost(service.hostname) || service.resolution === "DYNAMIC_DNS";
}

function controllerAllocation(services: readonly ServiceEntryService[]): {
  addresses: Map<string, AllocatedAddresses>;
  diagnostics: Diagnostic[];
} {
  const ordered = [...services].sort(compareEntries);
  const usedV4 = new Set<number>();
  const usedV6 = new Set<number>();
  const addresses = new Map<string, AllocatedAddresses>();
  const diagnostics: Diagnostic[] = [];
  // Warm-up (populateControllerDatastructures): addresses already in status or spec are in use.
  for (const service of ordered) {
    for (const address of [...service.statusAddresses, ...service.addresses]) {
      const v4 = v4Offset(address);
      if (v4 !== undefined) usedV4.add(v4);
      const v6 = v6Offset(address);
      if (v6 !== undefined) usedV6.add(v6);
    }
  }
  let nextV4 = 1;
  let nextV6 = 1;
  for (const service of ordered) {
    // The same host twice (in one entry, or in an older entry of the namespace) keeps its first address.
    if (!controllerAllocates(service) || addresses.has(service.key)) continue;
    if (!controllerKeepsHost(service)) {
      diagnostics.push(
        routingDiagnostic("SE_WILDCARD_NOT_ALLOCATED", {
          message: `ServiceEntry/${service.namespace}/${service.entryName}: wildcard host ${service.hostname} gets no auto-allocated address`,
          path: "$.spec.hosts",
          cluster: service.cluster,
        }),
      );
      continue;
    }
    if (service.statusAddresses.length > 0) {
      addresses.set(service.key, splitFamilies(service.statusAddresses));
      continue;
    }
    const v4 = nextFree(usedV4, nextV4, V4_SIZE);
    const v6 = nextFree(usedV6, nextV6, V6_SIZE);
    if (v4 === undefined) {
      diagnostics.push(
        routingDiagnostic("SE_ALLOCATION_EXHAUSTED", {
          message: `no free address in 240.240.0.0/16 for ${service.key}`,
          cluster: service.cluster,
        }),
      );
    } else nextV4 = v4 + 1;
    if (v6 !== undefined) nextV6 = v6 + 1;
    addresses.set(service.key, {
      ...(v4 !== undefined ? { v4: v4Text(v4) } : {}),
      ...(v6 !== undefined ? { v6: v6Text(v6) } : {}),
    });
  }
  return { addresses, diagnostics };
}

/** Istio's `allocateNext`: the first free offset at or after `start`, wrapping once past the end. */
function nextFree(used: Set<number>, start: number, size: number): number | undefined {
  let candidate = start >= size ? 1 : start;
  let looped = start >= size;
  while (used.has(candidate)) {
    candidate++;
    if (candidate >= size) {
      if (looped) return undefined;
      looped = true;
      candidate = 1;
    }
  }
  used.add(candidate);
  return candidate;
}

function compareEntries(a: ServiceEntryService, b: ServiceEntryService): number {
  const at = a.creationTimestamp ? Date.parse(a.creationTimestamp) || 0 : 0;
  const bt = b.creationTimestamp ? Date.parse(b.creationTimestamp) || 0 : 0;
  if (at !== bt) return at - bt;
  if (a.entryName !== b.entryName) return a.entryName < b.entryName ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

function v4Offset(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || parts[0] !== "240" || parts[1] !== "240") return undefined;
  return Number(parts[2]) * 256 + Number(parts[3]);
}

function v4Text(offset: number): string {
  const value = (V4_BASE + offset) >>> 0;
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

// 2001:2::/48: the controller only ever walks the low 32 bits in practice; offsets beyond are unused.
const V6_SIZE = 2 ** 32;
const V6_PREFIX = "2001:2::";

function v6Offset(address: string): number | undefined {
  if (!address.startsWith(V6_PREFIX)) return undefined;
  const groups = address.slice(V6_PREFIX.length).split(":");
  if (groups.length > 2 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.reduce((acc, g) => acc * 65536 + Number.parseInt(g, 16), 0);
}

function v6Text(offset: number): string {
  const high = Math.floor(offset / 65536);
  const low = offset % 65536;
  return high === 0
    ? `${V6_PREFIX}${low.toString(16)}`
    : `${V6_PREFIX}${high.toString(16)}:${low.toString(16)}`;
}

function splitFamilies(addresses: readonly string[]): AllocatedAddresses {
  const v4 = addresses.find((a) => !a.includes(":"));
  const v6 = addresses.find((a) => a.includes(":"));
  return { ...(v4 !== undefined ? { v4 } : {}), ...(v6 !== undefined ? { v6 } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Legacy hash allocation (auto_allocation.go autoAllocateIPs), reproduced bit for bit.

/** Slots: 256 × 254 (`maxIPs`). */
const MAX_IPS = 256 * 254;
/** The largest prime below MAX_IPS, for the second hash (`prime`). */
const PRIME = 65011;

/** FNV-1a, 32 bit (Go's `hash/fnv` New32a), over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  // Hostnames are ASCII; anything else is hashed over its UTF-8 bytes like Go does.
  const bytes = isAscii(text) ? undefined : UTF8.encode(text);
  const length = bytes?.length ?? text.length;
  for (let i = 0; i < length; i++) {
    hash ^= bytes ? bytes[i]! : text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const UTF8 = new TextEncoder();

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * The legacy allocation: hosts without addresses, not wildcards, resolution not NONE; slot by
 * FNV-1a of `<namespace>/<host>` modulo 65024, collisions by double hashing
 * `(h + i·(65011 − h mod 65011)) mod 65023` (uint32 arithmetic, as Go computes it); then slots are
 * numbered in order, skipping numbers ≡ 0 (mod 255), and slot number x becomes
 * `240.240.⌊x/255⌋.(x mod 255)` and `2001:2::f0f0:<hex(⌊x/255⌋)><hex(x mod 255)>`.
 */
function hashAllocation(services: readonly ServiceEntryService[]): Map<string, AllocatedAddresses> {
  // slots[i] = 1 + index of the service in `services`, 0 = free.
  const slots = new Int32Array(MAX_IPS);
  let placed = 0;
  services.forEach((service, index) => {
    if (service.addresses.length > 0 || isWildcardHost(service.hostname) || service.resolution === "NONE")
      return;
    if (placed >= MAX_IPS) return;
    const hash = fnv1a32(service.key);
    let slot = hash % MAX_IPS;
    if (slots[slot] !== 0) {
      const second = PRIME - (hash % PRIME);
      for (let i = 1; ; i++) {
        slot = ((hash + Math.imul(i, second)) >>> 0) % (MAX_IPS - 1);
        if (slots[slot] === 0) break;
      }
    }
    slots[slot] = index + 1;
    placed++;
  });
  const out = new Map<string, AllocatedAddresses>();
  let x = 0;
  for (const entry of slots) {
    x++;
    if (entry === 0) continue;
    if (x % 255 === 0) x++;
    const key = services[entry - 1]!.key;
    if (out.has(key)) continue;
    const third = Math.floor(x / 255);
    const fourth = x % 255;
    out.set(key, {
      v4: `240.240.${third}.${fourth}`,
      v6:
        third === 0
          ? `2001:2::f0f0:${fourth.toString(16)}`
          : `2001:2::f0f0:${third.toString(16)}${fourth.toString(16)}`,
    });
  }
  return out;
}
