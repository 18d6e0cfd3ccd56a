import {
  clusterSpecOf,
  createMesh,
  type Diagnostic,
  getOrCreate,
  type KubeObject,
  type Mesh,
  meshSpecOf,
  objectKey,
} from "@meshwright/core";
import type { Fault } from "../faults/fault";
import { matrixDiagnostic } from "../matrix/codes";
import type { CompileOptions } from "../simulator/context";
import { compile, type SimulatedMesh } from "../simulator/simulated-mesh";
import type { MeshChange, ObjectRef } from "./change";
import { rotationPhasePki } from "./rotation-pki";

/** The compile options a simulation was built with (so a what-if changes only what it names). */
export function optionsOf(sim: SimulatedMesh): CompileOptions {
  const ctx = sim.ctx;
  return {
    seed: ctx.seed,
    istioVersion: ctx.istioVersion,
    faults: ctx.faults.faults,
    ...(ctx.pki ? { pki: ctx.pki } : {}),
  };
}

function isKubeObject(value: unknown): value is KubeObject {
  const o = value as KubeObject | null;
  return (
    typeof o === "object" &&
    o !== null &&
    typeof o.apiVersion === "string" &&
    typeof o.kind === "string" &&
    typeof o.metadata === "object" &&
    o.metadata !== null &&
    typeof o.metadata.name === "string" &&
    o.metadata.name !== ""
  );
}

const refKey = (ref: ObjectRef) => `${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;

/** A what-if change applied: the objects it adds and removes per cluster, and the new simulation. */
export interface AppliedChange {
  readonly after: SimulatedMesh;
  /** Objects added (or replacing others) per cluster. */
  readonly added: ReadonlyMap<string, readonly KubeObject[]>;
  /** Objects removed (or replaced) per cluster, as they were. */
  readonly removed: ReadonlyMap<string, readonly KubeObject[]>;
  /** Faults added. */
  readonly faults: readonly Fault[];
  /** True when the change alters every request (other certificates, another Istio version). */
  readonly global: boolean;
}

function unknownCluster(mesh: Mesh, cluster: string, path: string): Diagnostic {
  return matrixDiagnostic("WHATIF_UNKNOWN_CLUSTER", {
    message: `no cluster ${cluster} in the mesh`,
    path,
    expected: mesh.clusters.map((c) => c.name).join(", "),
    found: cluster,
  });
}

function checkFaults(mesh: Mesh, faults: readonly Fault[], index: number): Diagnostic[] {
  const clusters = new Set(mesh.clusters.map((c) => c.name));
  const networks = new Set([...mesh.networks.map((n) => n.name), ...mesh.clusters.map((c) => c.network)]);
  const workloads = new Set(mesh.clusters.flatMap((c) => c.workloads.map((w) => w.id)));
  const out: Diagnostic[] = [];
  faults.forEach((fault, f) => {
    const unknown: string[] = [];
    switch (fault.kind) {
      case "cluster-down":
      case "gateway-down":
      case "gateway-no-address":
        if (!clusters.has(fault.cluster)) unknown.push(`cluster ${fault.cluster}`);
        break;
      case "unhealthy":
      case "ejected":
        unknown.push(...fault.workloads.filter((w) => !workloads.has(w)).map((w) => `workload ${w}`));
        break;
      case "partition":
        unknown.push(...fault.networks.filter((n) => !networks.has(n)).map((n) => `network ${n}`));
        break;
      case "remote-api-unreachable":
        unknown.push(
          ...[fault.istiod, fault.remote].filter((c) => !clusters.has(c)).map((c) => `cluster ${c}`),
        );
        break;
    }
    if (unknown.length > 0) {
      out.push(
        matrixDiagnostic("WHATIF_BAD_FAULT", {
          message: `the fault names what the mesh does not have: ${unknown.join(", ")}`,
          path: `$.changes[${index}].faults[${f}]`,
          found: unknown.join(", "),
        }),
      );
    }
  });
  return out;
}

/**
 * Applies changes to a simulation, never mutating it: manifest changes rebuild the Mesh with
 * `createMesh` from the modified spec, the others recompile the same Mesh with changed options
 * (faults added, certificates of a rotation phase, another Istio version). Every problem is a
 * diagnostic; nothing is thrown for bad input.
 */
export function applyChanges(
  sim: SimulatedMesh,
  changes: readonly MeshChange[],
): { ok: true; applied: AppliedChange } | { ok: false; diagnostics: Diagnostic[] } {
  const mesh = sim.mesh;
  const diagnostics: Diagnostic[] = [];
  if (changes.length === 0) {
    diagnostics.push(
      matrixDiagnostic("WHATIF_NO_CHANGE", { message: "no change to simulate", path: "$.changes" }),
    );
  }
  const options: { -readonly [K in keyof CompileOptions]: CompileOptions[K] } = { ...optionsOf(sim) };
  // Copied only for the clusters a change edits: the others keep their very array, so the rebuilt
  // mesh recognises them (and what is kept per array, such as their Istio objects by kind) at once.
  const clusters = new Map(mesh.clusters.map((c) => [c.name, c]));
  const resources = new Map<string, KubeObject[]>();
  const editable = (name: string): KubeObject[] | undefined => {
    const cluster = clusters.get(name);
    return cluster && getOrCreate(resources, name, () => [...cluster.resources]);
  };
  const added = new Map<string, KubeObject[]>();
  const removed = new Map<string, KubeObject[]>();
  const faults: Fault[] = [];
  let global = false;
  let manifests = false;
  changes.forEach((change, index) => {
    const path = `$.changes[${index}]`;
    switch (change.kind) {
      case "apply":
      case "delete": {
        const list = editable(change.cluster);
        if (!list) {
          diagnostics.push(unknownCluster(mesh, change.cluster, `${path}.cluster`));
          return;
        }
        manifests = true;
        const take = (key: string): KubeObject | undefined => {
          const at = list.findIndex((o) => objectKey(o) === key);
          if (at < 0) return undefined;
          const [gone] = list.splice(at, 1);
          removed.set(change.cluster, [...(removed.get(change.cluster) ?? []), gone!]);
          return gone;
        };
        if (change.kind === "apply") {
          change.objects.forEach((object, o) => {
            if (!isKubeObject(object)) {
              diagnostics.push(
                matrixDiagnostic("WHATIF_BAD_OBJECT", {
                  message: "an applied object is not a Kubernetes object",
                  path: `${path}.objects[${o}]`,
                  expected: "apiVersion, kind and metadata.name",
                  found: JSON.stringify(object)?.slice(0, 120) ?? String(object),
                }),
              );
              return;
            }
            take(objectKey(object));
            list.push(object);
            added.set(change.cluster, [...(added.get(change.cluster) ?? []), object]);
          });
        } else {
          change.objects.forEach((ref, o) => {
            if (take(refKey(ref)) === undefined) {
              diagnostics.push(
                matrixDiagnostic("WHATIF_OBJECT_NOT_FOUND", {
                  message: `${change.cluster} has no ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`,
                  path: `${path}.objects[${o}]`,
                  cluster: change.cluster,
                  found: refKey(ref),
                }),
              );
            }
          });
        }
        return;
      }
      case "faults":
        diagnostics.push(...checkFaults(mesh, change.faults, index));
        faults.push(...change.faults);
        options.faults = [...(options.faults ?? []), ...change.faults];
        return;
      case "istio-version":
        if (change.version !== "1.30" && change.version !== "1.31") {
          diagnostics.push(
            matrixDiagnostic("WHATIF_BAD_ISTIO_VERSION", {
              message: `the simulator does not reproduce Istio ${String(change.version)}`,
              path: `${path}.version`,
              expected: "1.30 or 1.31",
              found: String(change.version),
            }),
          );
          return;
        }
        options.istioVersion = change.version;
        global = true;
        return;
      case "pki":
        options.pki = change.pki;
        global = true;
        return;
      case "rotation-phase": {
        const at = change.at ?? options.pki?.at;
        if (at === undefined) {
          diagnostics.push(
            matrixDiagnostic("WHATIF_NO_MOMENT", {
              message: `rotation phase ${change.phase.name} needs the simulated moment: no PKI is attached to give one`,
              path: `${path}.at`,
              expected: "a Date",
              found: "nothing",
            }),
          );
          return;
        }
        const built = rotationPhasePki(change.phase, change.cas, at, mesh.trustDomain);
        if ("diagnostics" in built) diagnostics.push(...built.diagnostics);
        else options.pki = built.pki;
        global = true;
        return;
      }
    }
  });
  if (diagnostics.some((d) => d.severity === "error")) return { ok: false, diagnostics };
  let afterMesh = mesh;
  if (manifests) {
    const spec = meshSpecOf(
      mesh,
      mesh.clusters.map((c) => ({ ...clusterSpecOf(c), resources: resources.get(c.name) ?? c.resources })),
    );
    const rebuilt = createMesh(spec, { previous: mesh });
    const errors = rebuilt.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      return {
        ok: false,
        diagnostics: [
          matrixDiagnostic("WHATIF_INVALID_MESH", {
            message: `the changed mesh has ${errors.length} error(s): ${errors[0]!.message}`,
            path: "$.changes",
          }),
          ...errors,
        ],
      };
    }
    afterMesh = rebuilt.mesh;
  }
  // The successor compile carries over every istiod the change leaves as it was.
  const after = compile(afterMesh, { ...options, previous: sim });
  return { ok: true, applied: { after, added, removed, faults, global } };
}
