import {
  type Diagnostic,
  getOrCreate,
  lazyProperty,
  memoizeWeak,
  type Workload,
  workloadSpiffeId,
} from "@meshwright/core";
import type { AmbientNetworkGateway } from "./ambient-gateway";
import type { AmbientService } from "./ambient-registry";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";
import { type Placed, placementRuns } from "./placement-runs";

/** The workload facts the ambient index reads. */
export type AmbientWorkloadInput = Pick<
  Workload,
  "id" | "cluster" | "namespace" | "serviceAccount" | "network" | "health"
>;

/**
 * istiod's stand-in for every workload of a GLOBAL service on one remote network
 * (`multicluster.go` createSplitHorizonWorkload): address-less, reached through the network's
 * E/W gateway with double HBONE, weighted by capacity.
 */
export interface SplitHorizonWorkload {
  /** `<network>/SplitHorizonWorkload/<gateway resource name>/<namespace>/<hostname>`. */
  readonly uid: string;
  readonly network: string;
  /** The gateway's cluster (`ClusterId` of the workload). */
  readonly cluster: string;
  /** The ambient service key it serves. */
  readonly service: string;
  /** Σ member capacities (1 each): the workload's weight in ztunnel's load balancing. */
  readonly capacity: number;
  /** Workload ids it stands for, sorted. */
  readonly members: readonly string[];
  /** How many members are ready; istiod counts every member in the capacity regardless. */
  readonly healthyMembers: number;
  readonly tunnelProtocol: "HBONE";
  /** `network_gateway`: the first E/W gateway of the network. */
  readonly networkGateway: AmbientNetworkGateway;
}

/** What happened to one workload of the service in the ambient view. */
export interface AmbientWorkloadDecision {
  readonly workload: string;
  readonly action: "as-is" | "coalesced" | "dropped";
  readonly reason: string;
}

/** A client-cluster istiod's WDS for one service: same-network workloads, coalesced remote ones, SANs. */
export interface AmbientServiceWorkloads {
  /** Workloads on the istiod's network, sent unchanged (ids, input order). */
  readonly local: readonly string[];
  /** One per remote network that has a gateway (sorted by network). */
  readonly splitHorizon: readonly SplitHorizonWorkload[];
  /** The service's `subject_alt_names`: SPIFFE ids of its remote-network workloads (sorted). */
  readonly subjectAltNames: readonly string[];
  /**
   * One decision per input workload, in input order. Made on each read, not kept: a WDS is built
   * per (istiod, service) and holds hundreds of workloads, and only explanations read this.
   */
  readonly decisions: readonly AmbientWorkloadDecision[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Where the WDS is computed. */
export interface AmbientWorkloadsContext {
  /** The network of the istiod's own cluster (`FetchLocalNetworkID`). */
  readonly localNetwork: string;
  /** The istiod's ambient network gateways (`networkGatewaysFromModel(...).ambient`, sorted). */
  readonly gateways: readonly AmbientNetworkGateway[];
  /** The local mesh's trust domain: remote SANs are minted with it (`spiffe.MustGenSpiffeURI`). */
  readonly trustDomain: string;
  /**
   * Split-horizon workloads made so far, by content: istiods that read the same clusters make equal
   * ones for every remote network, and then share one object (and what is derived from it).
   */
  readonly shared?: SplitHorizonWorkloadMemo;
}

/**
 * Split-horizon workloads by content: by gateway (its short key), service key and members (a run's
 * name, or the members' ids joined with the ready count). Nested, so that no key is built per lookup.
 */
export type SplitHorizonWorkloadMemo = Map<string, Map<string, Map<string, SplitHorizonWorkload>>>;

/**
 * istio-semantics §3.5 — the ambient index for one service (`multicluster.go` coalescedWorkloads,
 * networkLocalWorkloads, SplitHorizonServices): workloads of clusters that contribute the service
 * and sit on the local network are sent as-is; a GLOBAL service's workloads on each remote network
 * collapse into one split-horizon workload (capacity = Σ pods, `network_gateway` = the first E/W
 * gateway of that network, no gateway = no workload: unreachable); a LOCAL service's remote-network
 * workloads are never sent. The service's SANs gain the remote workloads' identities.
 */
export function ambientWorkloadsForService(
  service: AmbientService,
  workloads: readonly AmbientWorkloadInput[],
  ctx: AmbientWorkloadsContext,
): AmbientServiceWorkloads {
  const { local, splitHorizon, subjectAltNames, diagnostics } = classifyWorkloads(service, workloads, ctx);
  return lazyProperty({ local, splitHorizon, subjectAltNames, diagnostics }, "decisions", () => {
    const decisions = new Map<string, AmbientWorkloadDecision>();
    classifyWorkloads(service, workloads, ctx, (decision) => decisions.set(decision.workload, decision));
    return workloads.flatMap((wl) => decisions.get(wl.id) ?? []);
  });
}

/**
 * Everything of an ambient network gateway as a short key: equal gateways (each istiod has its own
 * objects for the same gateways), equal key.
 */
const gatewayKey = memoizeWeak((gateway: AmbientNetworkGateway) =>
  getOrCreate(GATEWAY_KEYS, JSON.stringify(gateway), () => `g${GATEWAY_KEYS.size}`),
);
/** Interned gateway contents (a mesh has a few gateways per cluster). */
const GATEWAY_KEYS = new Map<string, string>();

/** A workload's SPIFFE identity minted in `trustDomain` (the local mesh's, not the workload's own). */
function identityOf(workload: AmbientWorkloadInput, trustDomain: string): string {
  return workloadSpiffeId(trustDomain, workload.namespace, workload.serviceAccount);
}

/** The WDS of the service; with `record`, the decision on each workload (none are made without). */
function classifyWorkloads(
  service: AmbientService,
  workloads: readonly AmbientWorkloadInput[],
  ctx: AmbientWorkloadsContext,
  record?: (decision: AmbientWorkloadDecision) => void,
): Omit<AmbientServiceWorkloads, "decisions"> {
  const local: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const remote = new Map<string, AmbientWorkloadInput[]>();
  const contributing = new Set(service.clusters);
  // One reason string per cluster or network, shared by its workloads' decisions: a service has
  // hundreds of workloads.
  const notContributing = new Map<string, string>();
  const asIs = `on the local network ${ctx.localNetwork || "(unset)"}: sent as-is`;
  const notGlobal = new Map<string, string>();
  for (const wl of workloads) {
    if (!contributing.has(wl.cluster)) {
      record?.({
        workload: wl.id,
        action: "dropped",
        reason: getOrCreate(
          notContributing,
          wl.cluster,
          () =>
            `cluster ${wl.cluster} does not contribute ${service.key} to this istiod (its Service is LOCAL or absent)`,
        ),
      });
      continue;
    }
    if (wl.network === ctx.localNetwork) {
      local.push(wl.id);
      record?.({ workload: wl.id, action: "as-is", reason: asIs });
      continue;
    }
    if (service.scope !== "GLOBAL") {
      record?.({
        workload: wl.id,
        action: "dropped",
        reason: getOrCreate(
          notGlobal,
          wl.network,
          () =>
            `on remote network ${wl.network} and ${service.key} is LOCAL: remote-network workloads are only coalesced for GLOBAL services`,
        ),
      });
      continue;
    }
    getOrCreate(remote, wl.network, () => []).push(wl);
  }
  const splitHorizon: SplitHorizonWorkload[] = [];
  const sans = new Set<string>();
  for (const network of [...remote.keys()].sort()) {
    const members = remote.get(network)!;
    for (const m of members) sans.add(identityOf(m, ctx.trustDomain));
    const gateway = firstGatewayOf(ctx.gateways, network);
    if (gateway === undefined) {
      const reason = `remote network ${network} has no ambient E/W gateway: no split-horizon workload, so it is unreachable`;
      if (record) for (const m of members) record({ workload: m.id, action: "dropped", reason });
      diagnostics.push(noGatewayDiagnostic(service, network, members.length));
      continue;
    }
    const ids = members.map((m) => m.id).sort();
    const healthyMembers = members.filter((m) => m.health === "healthy").length;
    splitHorizon.push(splitHorizonWorkload(service, network, gateway, ids, healthyMembers, ctx.shared));
    if (record) {
      const reason = `remote network ${network}: coalesced into one split-horizon workload (capacity ${members.length}) behind ${gateway.resourceName}`;
      for (const m of members) record({ workload: m.id, action: "coalesced", reason });
    }
  }
  return { local, splitHorizon, subjectAltNames: [...sans].sort(), diagnostics };
}

/** The first ambient E/W gateway of `network` (`network_gateway`), looked up per gateway list. */
function firstGatewayOf(
  gateways: readonly AmbientNetworkGateway[],
  network: string,
): AmbientNetworkGateway | undefined {
  const byNetwork = getOrCreate(FIRST_GATEWAYS, gateways, () => {
    const first = new Map<string, AmbientNetworkGateway>();
    for (const gw of gateways) if (!first.has(gw.network)) first.set(gw.network, gw);
    return first;
  });
  return byNetwork.get(network);
}

const FIRST_GATEWAYS = new WeakMap<readonly AmbientNetworkGateway[], Map<string, AmbientNetworkGateway>>();

function noGatewayDiagnostic(service: AmbientService, network: string, workloads: number): Diagnostic {
  return endpointDiagnostic(ENDPOINT_CODES.ambientNetworkWithoutGateway, "warning", {
    message: `GLOBAL service ${service.key} has ${workloads} workload(s) on network ${network}, which has no ambient east-west gateway, so ambient clients cannot reach them`,
    fix: `deploy an istio-east-west gateway with an address in a cluster of network ${network} (samples/multicluster/gen-eastwest-gateway.sh --ambient)`,
    expected: `a Gateway of class istio-east-west labelled topology.istio.io/network=${network}`,
    found: "none",
  });
}

/**
 * The split-horizon workload of `network` (members sorted), one object per content when `shared`
 * is given; `runId` names the members when they are one run's (a run never changes).
 */
function splitHorizonWorkload(
  service: AmbientService,
  network: string,
  gateway: AmbientNetworkGateway,
  members: readonly string[],
  healthyMembers: number,
  shared: SplitHorizonWorkloadMemo | undefined,
  runId?: string,
): SplitHorizonWorkload {
  if (!shared) return makeSplitHorizonWorkload(service, network, gateway, members, healthyMembers);
  const byService = getOrCreate(shared, gatewayKey(gateway), () => new Map());
  const byMembers = getOrCreate(byService, service.key, () => new Map<string, SplitHorizonWorkload>());
  const membersKey = runId ?? `${healthyMembers}\u0000${members.join("\u0000")}`;
  let workload = byMembers.get(membersKey);
  if (!workload) {
    workload = makeSplitHorizonWorkload(service, network, gateway, members, healthyMembers);
    byMembers.set(membersKey, workload);
  }
  return workload;
}

function makeSplitHorizonWorkload(
  service: AmbientService,
  network: string,
  gateway: AmbientNetworkGateway,
  members: readonly string[],
  healthyMembers: number,
): SplitHorizonWorkload {
  return {
    uid: `${network}/SplitHorizonWorkload/${gateway.resourceName}/${service.key}`,
    network,
    cluster: gateway.cluster,
    service: service.key,
    capacity: members.length,
    members,
    healthyMembers,
    tunnelProtocol: "HBONE",
    networkGateway: gateway,
  };
}

/** Consecutive workloads of one (cluster, network) in a list, with what the WDS reads of them. */
interface WorkloadRun<W extends AmbientWorkloadInput = AmbientWorkloadInput> extends Placed {
  /** Ids in list order. */
  readonly ids: readonly string[];
  /** The same, sorted (a split-horizon workload's members). */
  readonly sortedIds: readonly string[];
  readonly healthy: number;
  readonly workloads: readonly W[];
  /** A short name of this run (its members never change; no workload id has a \u0001): keys shared split-horizon workloads. */
  readonly id: string;
  /** Its workloads' distinct identities in the trust domain last asked for. */
  identities?: { readonly trustDomain: string; readonly ids: readonly string[] };
  /**
   * The split-horizon workload this run alone last stood for, with what it was made from: every
   * istiod of a mesh asks for the same one (equal gateway, same service), and a field is cheaper
   * than the shared memo's lookups. The memo is part of what it was made from: runs outlive a
   * compile (a successor shares their lists), split-horizon workloads must not.
   */
  splitHorizon?: {
    readonly memo: SplitHorizonWorkloadMemo;
    readonly gateway: string;
    readonly service: string;
    readonly workload: SplitHorizonWorkload;
  };
}

let runCount = 0;

/** A list's runs, made once per list object (the simulator passes each Service's selected pods). */
const RUNS = new WeakMap<readonly AmbientWorkloadInput[], readonly WorkloadRun[]>();

function workloadRuns<W extends AmbientWorkloadInput>(list: readonly W[]): readonly WorkloadRun<W>[] {
  return getOrCreate(RUNS, list, () =>
    placementRuns(list).map(({ cluster, network, start, end }): WorkloadRun<W> => {
      const workloads = list.slice(start, end);
      const ids = workloads.map((w) => w.id);
      return {
        cluster,
        network,
        ids,
        sortedIds: [...ids].sort(),
        healthy: workloads.filter((w) => w.health === "healthy").length,
        workloads,
        id: `\u0001${runCount++}`,
      };
    }),
  ) as readonly WorkloadRun<W>[];
}

/** A run's distinct identities in `trustDomain` (kept for the last trust domain asked). */
function runIdentities(run: WorkloadRun, trustDomain: string): readonly string[] {
  if (run.identities?.trustDomain !== trustDomain) {
    run.identities = {
      trustDomain,
      ids: [...new Set(run.workloads.map((w) => identityOf(w, trustDomain)))],
    };
  }
  return run.identities.ids;
}

/** The split-horizon workload of a network whose remote workloads are this one run. */
function runSplitHorizon(
  run: WorkloadRun,
  service: AmbientService,
  gateway: AmbientNetworkGateway,
  shared: SplitHorizonWorkloadMemo | undefined,
): SplitHorizonWorkload {
  if (!shared) return makeSplitHorizonWorkload(service, run.network, gateway, run.sortedIds, run.healthy);
  const key = gatewayKey(gateway);
  const last = run.splitHorizon;
  if (last?.memo === shared && last.gateway === key && last.service === service.key) return last.workload;
  const workload = splitHorizonWorkload(
    service,
    run.network,
    gateway,
    run.sortedIds,
    run.healthy,
    shared,
    run.id,
  );
  run.splitHorizon = { memo: shared, gateway: key, service: service.key, workload };
  return workload;
}

/** What {@link ambientWorkloadsOfClusters} answers: the WDS, and the local workloads themselves. */
export interface AmbientClusterWorkloads<W extends AmbientWorkloadInput> extends AmbientServiceWorkloads {
  /** The workloads of `local`, in the same order. */
  readonly localWorkloads: readonly W[];
}

const byNetwork = (a: Placed, b: Placed) => (a.network < b.network ? -1 : a.network > b.network ? 1 : 0);

/**
 * {@link ambientWorkloadsForService} for workloads given per contributing cluster (`clusters`, in
 * the service's cluster order; each list kept by its caller, as a Service's selected pods are):
 * every list is split once into runs of one (cluster, network), and a call then takes one step per
 * run instead of one per workload — a remote run joins its network's split-horizon workload
 * whole. Same answer as the per-workload function over the concatenated lists (property-tested),
 * whose decisions it reports.
 */
export function ambientWorkloadsOfClusters<W extends AmbientWorkloadInput>(
  service: AmbientService,
  clusters: readonly (readonly W[])[],
  ctx: AmbientWorkloadsContext,
): AmbientClusterWorkloads<W> {
  const contributing = new Set(service.clusters);
  const local: string[] = [];
  const localWorkloads: W[] = [];
  const remote: WorkloadRun<W>[] = [];
  for (const list of clusters) {
    for (const run of workloadRuns(list)) {
      if (!contributing.has(run.cluster)) continue;
      if (run.network === ctx.localNetwork) {
        for (const id of run.ids) local.push(id);
        for (const w of run.workloads) localWorkloads.push(w);
        continue;
      }
      if (service.scope === "GLOBAL") remote.push(run);
    }
  }
  // Stable: a network's runs stay in list order.
  remote.sort(byNetwork);
  const splitHorizon: SplitHorizonWorkload[] = [];
  const diagnostics: Diagnostic[] = [];
  const sans = new Set<string>();
  for (let first = 0; first < remote.length; ) {
    const network = remote[first]!.network;
    let end = first + 1;
    while (end < remote.length && remote[end]!.network === network) end++;
    const runs = remote.slice(first, end);
    first = end;
    for (const run of runs) for (const identity of runIdentities(run, ctx.trustDomain)) sans.add(identity);
    const gateway = firstGatewayOf(ctx.gateways, network);
    if (gateway === undefined) {
      const count = runs.reduce((n, run) => n + run.ids.length, 0);
      diagnostics.push(noGatewayDiagnostic(service, network, count));
      continue;
    }
    if (runs.length === 1) {
      splitHorizon.push(runSplitHorizon(runs[0]!, service, gateway, ctx.shared));
      continue;
    }
    const members = runs.flatMap((run) => run.ids).sort();
    const healthy = runs.reduce((n, run) => n + run.healthy, 0);
    splitHorizon.push(splitHorizonWorkload(service, network, gateway, members, healthy, ctx.shared));
  }
  return lazyProperty(
    { local, localWorkloads, splitHorizon, subjectAltNames: [...sans].sort(), diagnostics },
    "decisions",
    () => ambientWorkloadsForService(service, clusters.flat(), ctx).decisions,
  );
}
