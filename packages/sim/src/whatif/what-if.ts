import { type Diagnostic, sameItems } from "@meshwright/core";
import { type Column, columnCells, computeColumn, type KnownSituation } from "../matrix/column";
import { evidenceOf } from "../matrix/evidence";
import {
  type MatrixPlan,
  planMatrix,
  selectClasses,
  selectDestinations,
} from "../matrix/reachability-matrix";
import type { MatrixDestination, MatrixOptions, ReachabilityMatrix } from "../matrix/types";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import { type AppliedChange, applyChanges } from "./apply-change";
import type { MeshChange } from "./change";
import { type ChangeScope, changeScope } from "./change-scope";
import { compareSides, type DiffSide } from "./compare-columns";
import type { ScopeView } from "./object-scope";
import { unionDestinations } from "./sides";
import type { MatrixDiff, WhatIfResult } from "./types";

/** Options of `whatIf`: the matrix filters, and a matrix of `sim` already computed (reused as "before"). */
export interface WhatIfOptions extends Omit<MatrixOptions, "onProgress"> {
  /** A `reachabilityMatrix(sim)` computed earlier: its columns are reused instead of recomputed. */
  readonly baseline?: ReachabilityMatrix;
}

function scopeView(plan: MatrixPlan): ScopeView {
  return {
    mesh: plan.sim.mesh,
    configClusterOf: (cluster) => plan.keys.configClusterOf(cluster),
    servers: (host) => plan.keys.servers(host),
  };
}

/** The union of two scopes (the change seen from the mesh before and after it). */
function unionScope(a: ChangeScope, b: ChangeScope): ChangeScope {
  return {
    ...(a.hosts && b.hosts ? { hosts: new Set([...a.hosts, ...b.hosts]) } : {}),
    wholeColumn: (host) => a.wholeColumn(host) || b.wholeColumn(host),
    touched: (t) => a.touched(t) || b.touched(t),
  };
}

/** One side's columns, computed on demand for the selected classes. */
class Columns {
  private readonly columns = new Map<string, Column>();
  requests = 0;

  constructor(
    readonly plan: MatrixPlan,
    readonly selected: readonly number[],
    private readonly reuse?: ReadonlyMap<string, Column>,
  ) {}

  get(destination: MatrixDestination, known?: KnownSituation): Column {
    let column = this.columns.get(destination.id) ?? this.reuse?.get(destination.id);
    if (!column) {
      column = computeColumn(
        this.plan.sim,
        this.plan.classes,
        this.plan.keys.keysFor(destination),
        this.selected,
        destination,
        this.plan.networkOf,
        known,
      );
      this.requests += column.simulated;
    }
    this.columns.set(destination.id, column);
    return column;
  }

  side(): DiffSide {
    const classes = this.selected.map((i) => this.plan.classes[i]!);
    const sources = classes.map((c) => c.id);
    return {
      sim: this.plan.sim,
      classes,
      column: (id) => {
        const column = this.columns.get(id);
        return column && columnCells(column, sources);
      },
    };
  }
}

/** The baseline's columns when they were computed from `sim` for exactly the classes selected here. */
function reusableColumns(
  baseline: ReachabilityMatrix | undefined,
  sim: SimulatedMesh,
  selected: readonly number[],
): { plan: MatrixPlan; columns: ReadonlyMap<string, Column> } | undefined {
  const evidence = baseline && evidenceOf(baseline);
  if (!evidence || evidence.plan.sim !== sim) return undefined;
  return sameItems(evidence.selected, selected)
    ? { plan: evidence.plan, columns: evidence.columns }
    : undefined;
}

/**
 * What a change would do (issue "Simulator II" §4): applies it without touching `sim` (manifests
 * rebuild the Mesh with `createMesh`; faults, a rotation phase or an Istio version recompile it),
 * then recomputes only the pairs the change can reach — the columns of the hosts an
 * AuthorizationPolicy / PeerAuthentication can attach to or a VirtualService / DestinationRule /
 * ServiceEntry names, and for faults on a cluster, gateway or network pair only the requests whose
 * traces passed there — and returns exactly the pairs whose outcome changed.
 */
export function whatIf(
  sim: SimulatedMesh,
  change: MeshChange | readonly MeshChange[],
  options: WhatIfOptions = {},
): WhatIfResult {
  const changes: readonly MeshChange[] = Array.isArray(change) ? change : [change as MeshChange];
  const applied = applyChanges(sim, changes);
  if (!applied.ok) return { ok: false, diagnostics: applied.diagnostics };
  const diff = compareApplied(sim, applied.applied, options);
  return { ok: true, after: applied.applied.after, diff, diagnostics: diff.diagnostics };
}

/**
 * The pairs an applied change alters: recomputes only the columns (and, for trace-local faults,
 * the situations) the change can reach, on both sides, and compares them.
 */
export function compareApplied(
  sim: SimulatedMesh,
  applied: AppliedChange,
  options: WhatIfOptions = {},
): MatrixDiff {
  const diagnostics: Diagnostic[] = [];
  const firstPlan = planMatrix(sim);
  const beforeSelected = selectClasses(firstPlan, options.sources, diagnostics);
  const reuse = reusableColumns(options.baseline, sim, beforeSelected);
  const beforePlan = reuse?.plan ?? firstPlan;
  const afterPlan = planMatrix(applied.after, beforePlan);
  const afterSelected = selectClasses(afterPlan, options.sources, []);
  const scope = unionScope(
    changeScope(scopeView(beforePlan), applied),
    changeScope(scopeView(afterPlan), applied),
  );
  const destinations = unionDestinations(
    selectDestinations(beforePlan, options, diagnostics),
    selectDestinations(afterPlan, options, []),
  ).filter((d) => !scope.hosts || scope.hosts.has(d.host));
  const before = new Columns(beforePlan, beforeSelected, reuse?.columns);
  const after = new Columns(afterPlan, afterSelected);
  const sameMesh = beforePlan.sim.mesh === afterPlan.sim.mesh;
  for (const destination of destinations) {
    const old = before.get(destination);
    let known: KnownSituation | undefined;
    if (sameMesh && !scope.wholeColumn(destination.host)) {
      const byKey = new Map(old.situations.map((s) => [s.key, s]));
      known = (key, sample) => {
        const situation = byKey.get(key);
        return situation && situation.sample === sample && !scope.touched(situation.touches())
          ? situation
          : undefined;
      };
    }
    after.get(destination, known);
  }
  const compared = compareSides(before.side(), after.side(), destinations);
  return {
    changes: compared.changes,
    compared: compared.compared,
    requests: before.requests + after.requests + compared.requests,
    diagnostics,
  };
}
