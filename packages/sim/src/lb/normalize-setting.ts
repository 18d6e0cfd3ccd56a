import type { Diagnostic } from "@meshwright/core";
import { lbDiagnostic } from "./codes";
import { patternSpecificity, patternsOverlap } from "./locality-match";
import type {
  DistributeRule,
  DistributeTarget,
  FailoverRule,
  LocalitySetting,
  ZoneAwareSetting,
} from "./setting-types";

/** A setting after type-checking, with what was wrong with the raw value. */
export interface Normalized<T> {
  readonly setting: T;
  readonly diagnostics: readonly Diagnostic[];
}

type Sink = Diagnostic[];

function malformed(sink: Sink, path: string, expected: string, value: unknown): void {
  sink.push(
    lbDiagnostic("LB_SETTING_MALFORMED", {
      message: `${path} should be ${expected}`,
      path,
      expected,
      found: typeof value === "object" ? (JSON.stringify(value) ?? "").slice(0, 80) : String(value),
    }),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readBoolean(sink: Sink, value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  malformed(sink, path, "a boolean", value);
  return undefined;
}

function readList(sink: Sink, value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  malformed(sink, path, "a list", value);
  return [];
}

function readStrings(sink: Sink, value: unknown, path: string): readonly string[] {
  const out: string[] = [];
  readList(sink, value, path).forEach((item, i) => {
    if (typeof item === "string") out.push(item);
    else malformed(sink, `${path}[${i}]`, "a string", item);
  });
  return out;
}

function readFailover(sink: Sink, value: unknown, path: string): readonly FailoverRule[] {
  const out: FailoverRule[] = [];
  for (const [i, item] of readList(sink, value, path).entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) {
      malformed(sink, at, "an object with from and to", item);
      continue;
    }
    const from = item.from ?? "";
    const to = item.to ?? "";
    if (typeof from === "string" && typeof to === "string") out.push({ from, to });
    else malformed(sink, at, "string regions", item);
  }
  return out;
}

/** Most specific pattern first, then by name: the deterministic stand-in for Go's random map order. */
function byClaimOrder(a: DistributeTarget, b: DistributeTarget): number {
  const bySpecificity = patternSpecificity(b.locality) - patternSpecificity(a.locality);
  if (bySpecificity !== 0) return bySpecificity;
  return a.locality < b.locality ? -1 : a.locality > b.locality ? 1 : 0;
}

function warnOverlaps(sink: Sink, targets: readonly DistributeTarget[], path: string): void {
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i]!.locality;
      const b = targets[j]!.locality;
      if (!patternsOverlap(a, b)) continue;
      sink.push(
        lbDiagnostic("LB_DISTRIBUTE_OVERLAP", {
          message: `${path}: localities "${a}" and "${b}" overlap; istiod lets a random one claim the shared localities, meshwright lets "${a}" (the more specific) claim them`,
          path,
          found: `${a}, ${b}`,
        }),
      );
    }
  }
}

function readDistribute(sink: Sink, value: unknown, path: string): readonly DistributeRule[] {
  const out: DistributeRule[] = [];
  for (const [i, item] of readList(sink, value, path).entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) {
      malformed(sink, at, "an object with from and to", item);
      continue;
    }
    const from = item.from ?? "";
    if (typeof from !== "string") {
      malformed(sink, `${at}.from`, "a locality string", from);
      continue;
    }
    const to: DistributeTarget[] = [];
    if (item.to !== undefined && item.to !== null && !isRecord(item.to)) {
      malformed(sink, `${at}.to`, "a map of locality to weight", item.to);
    } else if (isRecord(item.to)) {
      for (const [locality, weight] of Object.entries(item.to)) {
        if (typeof weight === "number" && Number.isFinite(weight)) to.push({ locality, weight });
        else malformed(sink, `${at}.to["${locality}"]`, "a number", weight);
      }
    }
    to.sort(byClaimOrder);
    warnOverlaps(sink, to, `${at}.to`);
    out.push({ from, to });
  }
  return out;
}

const localityCache = new WeakMap<object, Normalized<LocalitySetting>>();
const zoneAwareCache = new WeakMap<object, Normalized<ZoneAwareSetting>>();

/**
 * Type-checks a raw `localityLbSetting` (from a DestinationRule or MeshConfig) into a
 * `LocalitySetting`; wrong types become MW4500 diagnostics and are ignored, overlapping
 * `distribute.to` patterns an MW4509 warning. Results are cached per setting object, so the same
 * DestinationRule costs one normalisation however many proxies read it.
 */
export function normalizeLocalitySetting(raw: unknown, path: string): Normalized<LocalitySetting> {
  if (isRecord(raw)) {
    const cached = localityCache.get(raw);
    if (cached) return cached;
  }
  const sink: Sink = [];
  const record = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) malformed(sink, path, "an object", raw);
  const result: Normalized<LocalitySetting> = {
    setting: {
      enabled: readBoolean(sink, record.enabled, `${path}.enabled`),
      distribute: readDistribute(sink, record.distribute, `${path}.distribute`),
      failover: readFailover(sink, record.failover, `${path}.failover`),
      failoverPriority: readStrings(sink, record.failoverPriority, `${path}.failoverPriority`),
    },
    diagnostics: sink,
  };
  if (isRecord(raw)) localityCache.set(raw, result);
  return result;
}

/** Type-checks a raw Istio 1.31 `zoneAwareLbSetting` into a `ZoneAwareSetting` (cached like the above). */
export function normalizeZoneAwareSetting(raw: unknown, path: string): Normalized<ZoneAwareSetting> {
  if (isRecord(raw)) {
    const cached = zoneAwareCache.get(raw);
    if (cached) return cached;
  }
  const sink: Sink = [];
  const record = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) malformed(sink, path, "an object", raw);
  let minClusterSize: number | undefined;
  if (typeof record.minClusterSize === "number" && record.minClusterSize >= 0) {
    minClusterSize = Math.floor(record.minClusterSize);
  } else if (record.minClusterSize !== undefined && record.minClusterSize !== null) {
    malformed(sink, `${path}.minClusterSize`, "a non-negative integer", record.minClusterSize);
  }
  const result: Normalized<ZoneAwareSetting> = {
    setting: {
      enabled: readBoolean(sink, record.enabled, `${path}.enabled`),
      failover: readFailover(sink, record.failover, `${path}.failover`),
      failoverPriority: readStrings(sink, record.failoverPriority, `${path}.failoverPriority`),
      minClusterSize,
    },
    diagnostics: sink,
  };
  if (isRecord(raw)) zoneAwareCache.set(raw, result);
  return result;
}
