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
    const gateway = firstGatewayOf(ctx.gateways, network)?.gateway;
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

/** An ambient gateway with its content key. */
interface KeyedGateway {
  readonly gateway: AmbientNetworkGateway;
  readonly key: string;
}

/** The first ambient E/W gateway of `network` (`network_gateway`), looked up per gateway list. */
function firstGatewayOf(
  gateways: readonly AmbientNetworkGateway[],
  network: string,
): KeyedGateway | undefined {
  const byNetwork = getOrCreate(FIRST_GATEWAYS, gateways, () => {
    const first = new Map<string, KeyedGateway>();
    for (const gateway of gateways) {
      if (!first.has(gateway.network)) first.set(gateway.network, { gateway, key: gatewayKey(gateway) });
    }
    return first;
  });
  return byNetwork.get(network);
}

const FIRST_GATEWAYS = new WeakMap<readonly AmbientNetworkGateway[], Map<string, KeyedGateway>>();

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

/** What {@link ambientWorkloadsOfClusters} answers: the WDS, and the local workloads themselves. */
export interface AmbientClusterWorkloads<W extends AmbientWorkloadInput> extends AmbientServiceWorkloads {
  /** The workloads of `local`, in the same order. */
  readonly localWorkloads: readonly W[];
}

/** The contributing runs of one network, in list order, with what every istiod reads of them. */
interface NetworkRuns<W extends AmbientWorkloadInput> {
  readonly network: string;
  readonly runs: readonly WorkloadRun<W>[];
  /** Whether the runs are of more than one cluster (the local workloads are then put in the service's cluster order). */
  readonly manyClusters: boolean;
  /** Their ids and workloads in list order. */
  readonly ids: readonly string[];
  readonly workloads: readonly W[];
  /** The ids sorted: the members of its split-horizon workload. */
  readonly sortedIds: readonly string[];
  readonly healthy: number;
  /** Their distinct identities in the template's trust domain. */
  readonly identities: readonly string[];
  /**
   * The split-horizon workload the group last stood for, with what it was made from: every istiod
   * on another network asks for the same one (equal gateway, same service), and a field is cheaper
   * than the shared memo's lookups. The memo is part of what it was made from: templates outlive a
   * compile (a successor shares their lists), split-horizon workloads must not.
   */
  splitHorizon?: {
    readonly memo: SplitHorizonWorkloadMemo;
    readonly gateway: string;
    readonly service: string;
    readonly workload: SplitHorizonWorkload;
  };
}

/**
 * The WDS of a service over one list of lists, before an istiod is chosen: the contributing runs
 * grouped by network. An istiod on network N takes N's group as its local workloads and every
 * other group as a split-horizon workload behind its gateway, so the grouping (and the SANs of each
 * local network) are made once per list and contributing set, not once per istiod.
 */
interface WdsTemplate<W extends AmbientWorkloadInput> {
  readonly byNetwork: ReadonlyMap<string, NetworkRuns<W>>;
  /** Every group, sorted by network (split-horizon workloads are). */
  readonly sorted: readonly NetworkRuns<W>[];
  /** `subjectAltNames` of a GLOBAL service for an istiod on the key's network. */
  readonly sans: Map<string, readonly string[]>;
}

/** What is kept per list of lists: the clusters of its runs (list order) and its templates. */
interface ListTemplates {
  readonly clusters: readonly string[];
  readonly clusterSet: ReadonlySet<string>;
  /** By trust domain, then by the contributing clusters of the lists (`*`: all of them). */
  readonly templates: Map<string, Map<string, WdsTemplate<AmbientWorkloadInput>>>;
}

const TEMPLATES = new WeakMap<readonly (readonly AmbientWorkloadInput[])[], ListTemplates>();

function wdsTemplate<W extends AmbientWorkloadInput>(
  service: AmbientService,
  lists: readonly (readonly W[])[],
  trustDomain: string,
): WdsTemplate<W> {
  const kept = getOrCreate(TEMPLATES, lists, () => {
    const clusters = [...new Set(lists.flatMap((list) => workloadRuns(list).map((run) => run.cluster)))];
    return { clusters, clusterSet: new Set(clusters), templates: new Map() };
  });
  // Keyed by which of the lists' clusters contribute, in list order: istiods list a service's
  // clusters in their own registry order (own cluster first), and the template does not depend on
  // it. A service's clusters are distinct, so as many of the lists' clusters means all of them.
  const all =
    service.clusters.length === kept.clusters.length && service.clusters.every((c) => kept.clusterSet.has(c));
  const contributing = all ? kept.clusterSet : new Set(service.clusters);
  const key = all ? "*" : kept.clusters.filter((c) => contributing.has(c)).join("\u0000");
  const byContributing = getOrCreate(kept.templates, trustDomain, () => new Map());
  return getOrCreate(byContributing, key, () => {
    const runsByNetwork = new Map<string, WorkloadRun<W>[]>();
    for (const list of lists) {
      for (const run of workloadRuns(list)) {
        if (contributing.has(run.cluster)) getOrCreate(runsByNetwork, run.network, () => []).push(run);
      }
    }
    const byNetwork = new Map<string, NetworkRuns<W>>();
    for (const [network, runs] of runsByNetwork) {
      byNetwork.set(network, {
        network,
        runs,
        manyClusters: runs.some((run) => run.cluster !== runs[0]!.cluster),
        ids: runs.length === 1 ? runs[0]!.ids : runs.flatMap((run) => run.ids),
        workloads: runs.length === 1 ? runs[0]!.workloads : runs.flatMap((run) => run.workloads),
        sortedIds: runs.length === 1 ? runs[0]!.sortedIds : runs.flatMap((run) => run.ids).sort(),
        healthy: runs.reduce((n, run) => n + run.healthy, 0),
        identities: [...new Set(runs.flatMap((run) => run.workloads.map((w) => identityOf(w, trustDomain))))],
      });
    }
    const sorted = [...byNetwork.values()].sort(compareNetworks);
    return { byNetwork, sorted, sans: new Map() };
  }) as WdsTemplate<W>;
}

const compareNetworks = (a: { readonly network: string }, b: { readonly network: string }) =>
  a.network < b.network ? -1 : a.network > b.network ? 1 : 0;

/** The SANs of a GLOBAL service for an istiod on `localNetwork`: every other network's identities, sorted. */
function sansFor(template: WdsTemplate<AmbientWorkloadInput>, localNetwork: string): readonly string[] {
  return getOrCreate(template.sans, localNetwork, () => {
    const sans = new Set<string>();
    for (const group of template.sorted) {
      if (group.network !== localNetwork) for (const identity of group.identities) sans.add(identity);
    }
    return [...sans].sort();
  });
}

/**
 * `items` stably sorted by their cluster's position in `clusters` (the service's cluster order);
 * items of other clusters last.
 */
function inClusterOrder<T extends { readonly cluster: string }>(
  items: readonly T[],
  clusters: readonly string[],
): T[] {
  const position = new Map(clusters.map((cluster, i) => [cluster, i]));
  const rank = (item: T) => position.get(item.cluster) ?? clusters.length;
  return items
    .map((item, i) => ({ item, i, r: rank(item) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ item }) => item);
}

/** The local group's runs in the service's cluster order (list order within a cluster). */
function localRuns<W extends AmbientWorkloadInput>(
  group: NetworkRuns<W>,
  service: AmbientService,
): { ids: readonly string[]; workloads: readonly W[] } {
  if (!group.manyClusters) return group;
  const runs = inClusterOrder(group.runs, service.clusters);
  return { ids: runs.flatMap((run) => run.ids), workloads: runs.flatMap((run) => run.workloads) };
}

/** The split-horizon workload of a remote network's group, behind `gateway`. */
function groupSplitHorizon(
  group: NetworkRuns<AmbientWorkloadInput>,
  service: AmbientService,
  { gateway, key }: KeyedGateway,
  shared: SplitHorizonWorkloadMemo | undefined,
): SplitHorizonWorkload {
  const { network, sortedIds, healthy, runs } = group;
  if (!shared) return makeSplitHorizonWorkload(service, network, gateway, sortedIds, healthy);
  const last = group.splitHorizon;
  if (last?.memo === shared && last.gateway === key && last.service === service.key) return last.workload;
  // One run's members are named by the run (a run never changes); several runs' by their ids.
  const runId = runs.length === 1 ? runs[0]!.id : undefined;
  const workload = splitHorizonWorkload(service, network, gateway, sortedIds, healthy, shared, runId);
  group.splitHorizon = { memo: shared, gateway: key, service: service.key, workload };
  return workload;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * {@link ambientWorkloadsForService} for workloads given as lists (a Service's selected pods per
 * declaring cluster, in any order the caller keeps): the lists are split once into runs of one
 * (cluster, network) and grouped by network — a template per list object and contributing set,
 * shared by every istiod that passes the same object — and a call then takes one step per remote
 * network, whose runs join one split-horizon workload whole. The same answer as the per-workload
 * function over the workloads in the service's cluster order (property-tested), whose decisions
 * it reports.
 */
export function ambientWorkloadsOfClusters<W extends AmbientWorkloadInput>(
  service: AmbientService,
  lists: readonly (readonly W[])[],
  ctx: AmbientWorkloadsContext,
): AmbientClusterWorkloads<W> {
  const template = wdsTemplate(service, lists, ctx.trustDomain);
  const own = template.byNetwork.get(ctx.localNetwork);
  const splitHorizon: SplitHorizonWorkload[] = [];
  const diagnostics: Diagnostic[] = [];
  const global = service.scope === "GLOBAL";
  if (global) {
    for (const group of template.sorted) {
      if (group === own) continue;
      const gateway = firstGatewayOf(ctx.gateways, group.network);
      if (gateway === undefined) {
        diagnostics.push(noGatewayDiagnostic(service, group.network, group.ids.length));
        continue;
      }
      splitHorizon.push(groupSplitHorizon(group, service, gateway, ctx.shared));
    }
  }
  const local = own ? localRuns(own, service) : undefined;
  return lazyProperty(
    {
      local: local?.ids ?? NONE,
      localWorkloads: local?.workloads ?? NONE,
      splitHorizon,
      subjectAltNames: global ? sansFor(template, ctx.localNetwork) : NONE,
      diagnostics,
    },
    "decisions",
    () => ambientWorkloadsForService(service, inClusterOrder(lists.flat(), service.clusters), ctx).decisions,
  );
}
