import { type Diagnostic, getOrCreate, memoizeWeak, sameItems, type Workload } from "@meshwright/core";
import type { AmbientNetworkGateway } from "./ambient-gateway";
import type { AmbientService } from "./ambient-registry";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";

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
  readonly shared?: Map<string, SplitHorizonWorkload>;
}

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
  const memo = LAST_ANSWER.get(service);
  if (
    memo &&
    memo.ctx === ctx.gateways &&
    memo.network === ctx.localNetwork &&
    memo.trustDomain === ctx.trustDomain &&
    sameItems(memo.workloads, workloads)
  ) {
    return memo.answer;
  }
  const answer = computeServiceWorkloads(service, workloads, ctx);
  LAST_ANSWER.set(service, {
    ctx: ctx.gateways,
    network: ctx.localNetwork,
    trustDomain: ctx.trustDomain,
    workloads: workloads.slice(),
    answer,
  });
  return answer;
}

/**
 * The last answer per service, with what it was computed from. The simulator asks the same
 * question for every connection to a service (same registry service, same workload objects,
 * same gateways), so a pointer comparison of the inputs replaces the whole computation; any
 * difference (another client istiod, a readiness fault's copies) recomputes.
 */
const LAST_ANSWER = new WeakMap<
  AmbientService,
  {
    readonly ctx: AmbientWorkloadsContext["gateways"];
    readonly network: string;
    readonly trustDomain: string;
    readonly workloads: readonly AmbientWorkloadInput[];
    readonly answer: AmbientServiceWorkloads;
  }
>();

/** Everything of an ambient network gateway, as a key (one string per gateway object). */
const gatewayKey = memoizeWeak((gateway: AmbientNetworkGateway) => JSON.stringify(gateway));

/** A workload's SPIFFE identity in `trustDomain`, built once per workload object. */
const IDENTITIES = new WeakMap<AmbientWorkloadInput, { trustDomain: string; identity: string }>();

function identityOf(workload: AmbientWorkloadInput, trustDomain: string): string {
  const known = IDENTITIES.get(workload);
  if (known?.trustDomain === trustDomain) return known.identity;
  const identity = `spiffe://${trustDomain}/ns/${workload.namespace}/sa/${workload.serviceAccount}`;
  IDENTITIES.set(workload, { trustDomain, identity });
  return identity;
}

function computeServiceWorkloads(
  service: AmbientService,
  workloads: readonly AmbientWorkloadInput[],
  ctx: AmbientWorkloadsContext,
): AmbientServiceWorkloads {
  const { local, splitHorizon, subjectAltNames, diagnostics } = classifyWorkloads(service, workloads, ctx);
  return {
    local,
    splitHorizon,
    subjectAltNames,
    get decisions() {
      const decisions = new Map<string, AmbientWorkloadDecision>();
      classifyWorkloads(service, workloads, ctx, (decision) => decisions.set(decision.workload, decision));
      return workloads.flatMap((wl) => decisions.get(wl.id) ?? []);
    },
    diagnostics,
  };
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
    const gateway = ctx.gateways.find((gw) => gw.network === network);
    if (gateway === undefined) {
      const reason = `remote network ${network} has no ambient E/W gateway: no split-horizon workload, so it is unreachable`;
      if (record) for (const m of members) record({ workload: m.id, action: "dropped", reason });
      diagnostics.push(
        endpointDiagnostic(ENDPOINT_CODES.ambientNetworkWithoutGateway, "warning", {
          message: `GLOBAL service ${service.key} has ${members.length} workload(s) on network ${network}, which has no ambient east-west gateway, so ambient clients cannot reach them`,
          fix: `deploy an istio-east-west gateway with an address in a cluster of network ${network} (samples/multicluster/gen-eastwest-gateway.sh --ambient)`,
          expected: `a Gateway of class istio-east-west labelled topology.istio.io/network=${network}`,
          found: "none",
        }),
      );
      continue;
    }
    const ids = members.map((m) => m.id).sort();
    const healthyMembers = members.filter((m) => m.health === "healthy").length;
    const made = (): SplitHorizonWorkload => ({
      uid: `${network}/SplitHorizonWorkload/${gateway.resourceName}/${service.key}`,
      network,
      cluster: gateway.cluster,
      service: service.key,
      capacity: members.length,
      members: ids,
      healthyMembers,
      tunnelProtocol: "HBONE",
      networkGateway: gateway,
    });
    splitHorizon.push(
      ctx.shared
        ? getOrCreate(
            ctx.shared,
            `${gatewayKey(gateway)}\u0000${service.key}\u0000${healthyMembers}\u0000${ids.join("\u0000")}`,
            made,
          )
        : made(),
    );
    if (record) {
      const reason = `remote network ${network}: coalesced into one split-horizon workload (capacity ${members.length}) behind ${gateway.resourceName}`;
      for (const m of members) record({ workload: m.id, action: "coalesced", reason });
    }
  }
  return { local, splitHorizon, subjectAltNames: [...sans].sort(), diagnostics };
}
