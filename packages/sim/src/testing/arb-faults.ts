import type { Mesh } from "@meshwright/core";
import fc from "fast-check";
import type { Fault } from "../faults/fault";
import { workloadsOf } from "./arb-workload";

/** Bounds of `arbFaults`. */
export interface FaultArbitraryOptions {
  /** At most this many faults at once (default 2). */
  readonly maxFaults?: number;
  /** Only these kinds (default: every kind the mesh can have). */
  readonly kinds?: readonly Fault["kind"][];
}

/** The fault kinds of `mesh` with what each can name, each as an arbitrary of one fault. */
function faultArbitraries(mesh: Mesh): Partial<Record<Fault["kind"], fc.Arbitrary<Fault>>> {
  const clusters = mesh.clusters.map((c) => c.name);
  const gateways = mesh.clusters.flatMap((c) =>
    c.gateways.map((g) => ({ cluster: c.name, gateway: g.name })),
  );
  const workloads = workloadsOf(mesh).map((w) => w.id);
  const networks = [...new Set(mesh.clusters.map((c) => c.network))];
  const reads = mesh.clusters.flatMap((c) =>
    c.controlPlane.role !== "primary"
      ? []
      : [
          ...c.remoteSecrets,
          ...mesh.clusters
            .filter((r) => r.controlPlane.role === "remote" && r.controlPlane.primary === c.name)
            .map((r) => r.name),
        ].map((remote) => ({ istiod: c.name, remote })),
  );
  const out: Partial<Record<Fault["kind"], fc.Arbitrary<Fault>>> = {
    "cluster-down": fc.constantFrom(...clusters).map((cluster): Fault => ({ kind: "cluster-down", cluster })),
  };
  if (gateways.length > 0) {
    out["gateway-down"] = fc.constantFrom(...gateways).map((g): Fault => ({ kind: "gateway-down", ...g }));
    out["gateway-no-address"] = fc
      .constantFrom(...gateways)
      .map((g): Fault => ({ kind: "gateway-no-address", ...g }));
  }
  if (workloads.length > 0) {
    const some = fc.uniqueArray(fc.constantFrom(...workloads), { minLength: 1, maxLength: 3 });
    out.unhealthy = some.map((ids): Fault => ({ kind: "unhealthy", workloads: ids }));
    out.ejected = some.map((ids): Fault => ({ kind: "ejected", workloads: ids }));
  }
  if (networks.length >= 2) {
    out.partition = fc
      .uniqueArray(fc.constantFrom(...networks), { minLength: 2, maxLength: 2 })
      .map((pair): Fault => ({ kind: "partition", networks: [pair[0]!, pair[1]!] }));
  }
  if (reads.length > 0) {
    out["remote-api-unreachable"] = fc
      .record({ read: fc.constantFrom(...reads), mode: fc.constantFrom<"stale" | "none">("stale", "none") })
      .map(({ read, mode }): Fault => ({ kind: "remote-api-unreachable", ...read, mode }));
  }
  return out;
}

/**
 * Faults that make sense for `mesh` (issue "Simulator I" §3): a cluster down, an east-west gateway
 * down or without address, unhealthy or ejected workloads, a partition between two of its
 * networks, an istiod losing a remote API server (stale or never synced). Each names only what the
 * mesh has; at most `maxFaults` at once (possibly none). Deterministic for a fast-check seed.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbFaults(mesh), (faults) => compile(mesh, { faults }).request(call).faults.length === faults.length));
 * ```
 */
export function arbFaults(mesh: Mesh, options: FaultArbitraryOptions = {}): fc.Arbitrary<Fault[]> {
  const all = faultArbitraries(mesh);
  const kinds = (options.kinds ?? (Object.keys(all) as Fault["kind"][])).filter((k) => all[k] !== undefined);
  if (kinds.length === 0) return fc.constant([]);
  const one = fc.oneof(...kinds.map((k) => all[k]!));
  return fc.array(one, { maxLength: options.maxFaults ?? 2 });
}
