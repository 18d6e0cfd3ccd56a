import type { IpFamily } from "../cluster";
import { AddressPool } from "./address-pool";
import { parseAddress, parseCidr } from "./cidr";
import { type ClusterContext, report } from "./cluster-context";
import { hash53 } from "./hash";

/** The address pools of one cluster for one purpose (pods or services), by family. */
export interface AddressPools {
  /** What the pools hold addresses for, in messages ("pod", "service", "ECS task"). */
  readonly purpose: string;
  /** The CIDR field the pools come from, for diagnostics (e.g. `$.spec.clusters[0].podCidrs`). */
  readonly fieldPath: string;
  readonly byFamily: ReadonlyMap<IpFamily, AddressPool>;
  readonly cidrs: readonly string[];
}

/** Pools over the parseable `cidrs` (unparseable ones are reported by the spec checks). */
export function addressPools(purpose: string, fieldPath: string, cidrs: readonly string[]): AddressPools {
  const ranges = cidrs.map(parseCidr).flatMap((parsed) => (parsed.ok ? [parsed.range] : []));
  const byFamily = new Map<IpFamily, AddressPool>();
  for (const family of ["IPv4", "IPv6"] as const) {
    const ofFamily = ranges.filter((range) => range.family === family);
    if (ofFamily.length > 0) byFamily.set(family, new AddressPool(family, ofFamily));
  }
  return { purpose, fieldPath, byFamily, cidrs };
}

/** One thing that needs addresses: a pod, an ECS task, or a Service's ClusterIPs. */
export interface AddressRequest {
  /** Stable key the generated address hashes (the workload or service id). */
  readonly key: string;
  /** Addresses the user declared (`status.podIPs`, `spec.clusterIPs`); honoured when they parse. */
  readonly declared: readonly string[];
  /** Families to generate addresses for when none is declared, primary first. */
  readonly families: readonly IpFamily[];
  /** `Kind namespace/name` of the owner, for messages. */
  readonly owner: string;
  /** JSON path of the declared addresses, for diagnostics. */
  readonly path: string;
}

function reserveDeclared(ctx: ClusterContext, pools: AddressPools, request: AddressRequest): string[] {
  const kept: string[] = [];
  const expected = `an address in ${pools.cidrs.join(", ")}`;
  for (const text of request.declared) {
    const parsed = parseAddress(text);
    const pool = parsed.ok ? pools.byFamily.get(parsed.family) : undefined;
    if (!parsed.ok || pool === undefined) {
      report(ctx, "addressInvalid", {
        message: `${request.owner}: ${pools.purpose} address "${text}" is not an address of the cluster's IP families`,
        path: request.path,
        expected,
        found: text,
        fix: "remove the address to let meshwright allocate one, or correct it",
      });
      continue;
    }
    const outcome = pool.reserve(parsed.text);
    if (outcome.kind === "invalid") continue;
    if (outcome.kind === "conflict") {
      report(ctx, "addressConflict", {
        message: `${request.owner}: ${pools.purpose} address ${outcome.address} is already used in this cluster`,
        path: request.path,
        found: outcome.address,
        fix: "give every pod and every Service its own address",
      });
    } else if (outcome.kind === "outside") {
      report(ctx, "addressInvalid", {
        message: `${request.owner}: ${pools.purpose} address ${outcome.address} is outside the cluster's ${pools.purpose} CIDRs`,
        path: request.path,
        expected,
        found: outcome.address,
        fix: `correct the address, or add its range to ${pools.fieldPath}`,
      });
    }
    kept.push(outcome.address);
  }
  return kept;
}

/**
 * Addresses for every request, in request order: declared addresses are reserved first (so
 * nothing generated collides with them), then the others get generated addresses, one per
 * family. A pool that runs out is reported once; the requests it cannot serve get no
 * address of that family.
 */
export function assignAddresses(
  ctx: ClusterContext,
  pools: AddressPools,
  requests: readonly AddressRequest[],
): string[][] {
  const assigned: string[][] = new Array(requests.length);
  const generated: number[] = [];
  const hashes: number[] = new Array(requests.length);
  requests.forEach((request, i) => {
    if (request.declared.length > 0) assigned[i] = reserveDeclared(ctx, pools, request);
    else {
      generated.push(i);
      hashes[i] = hash53(request.key);
    }
  });
  // Allocation order is a total order on keys alone (hash, then key), so addresses do not depend
  // on the order the manifests list their objects in.
  generated.sort((a, b) => hashes[a]! - hashes[b]! || (requests[a]!.key < requests[b]!.key ? -1 : 1));
  const exhausted = new Set<IpFamily>();
  for (const i of generated) {
    const request = requests[i]!;
    const addresses: string[] = [];
    for (const family of request.families) {
      const pool = pools.byFamily.get(family);
      const address = pool?.allocate(hashes[i]!);
      if (address !== undefined) addresses.push(address);
      else if (pool !== undefined && !exhausted.has(family)) {
        exhausted.add(family);
        report(ctx, "cidrExhausted", {
          message: `no free ${family} ${pools.purpose} address left for ${request.owner} (and any after it)`,
          path: pools.fieldPath,
          expected: `room for every ${pools.purpose}`,
          found: pools.cidrs.join(", "),
          fix: `widen ${pools.fieldPath} or add another CIDR`,
        });
      }
    }
    assigned[i] = addresses;
  }
  return assigned;
}
