import { getOrCreate, type Locality, localityString, memoizeWeak } from "@meshwright/core";
import type { NetworkGateway, RegistryEndpoint } from "../model/endpoint";
import { addWeights, groupWeight } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup } from "./eds-types";
import { byLocalityKey } from "./locality-groups";
import { type PlacementRun, placementRuns } from "./placement-runs";
import { addGatewayShare, type GatewayShare, splitGroup } from "./split-groups";
import { type SplitHorizonContext, type SplitHorizonPlan, scaleWeight } from "./split-horizon";

/** A registry list's runs of one (cluster, network), made once per list object. */
const runsOf = memoizeWeak((endpoints: readonly RegistryEndpoint[]) => placementRuns(endpoints));

/** The converted endpoints of one run in one locality, in input order, with what split horizon reads of them. */
class LocalityPart {
  private readonly direct = new Map<number, readonly EdsEndpoint[]>();
  private readonly crossings: [Crossing?, Crossing?] = [];

  constructor(
    readonly locality: Locality,
    /** `localityString(locality)`: the group key (see `groupByLocality`). */
    readonly key: string,
    readonly endpoints: EdsEndpoint[],
  ) {}

  /** The endpoints reached directly, weights × `scale` (one without an address cannot be: dropped). */
  directAt(scale: number): readonly EdsEndpoint[] {
    return getOrCreate(this.direct, scale, () =>
      this.endpoints
        .filter((ep) => ep.address !== "")
        .map((ep) => {
          const weight = scaleWeight(ep.weight, scale);
          return ep.weight === weight ? ep : { ...ep, weight };
        }),
    );
  }

  /** What crosses to the run's gateways: every endpoint, or (`needsMtls`) those with Istio mTLS only. */
  crossing(needsMtls: boolean): Crossing {
    const slot = needsMtls ? 1 : 0;
    let crossing = this.crossings[slot];
    if (!crossing) {
      const weights = new Map<number, number>();
      const represents: string[] = [];
      for (const ep of this.endpoints) {
        if (needsMtls && ep.tlsMode !== "istio") continue;
        weights.set(ep.weight, (weights.get(ep.weight) ?? 0) + 1);
        represents.push(ep.workloadId ?? ep.address);
      }
      crossing = { weights: [...weights], represents };
      this.crossings[slot] = crossing;
    }
    return crossing;
  }
}

/** Endpoints of a part that cross to a gateway: how many of each weight, and who they are (input order). */
interface Crossing {
  readonly weights: readonly (readonly [weight: number, count: number])[];
  readonly represents: readonly string[];
}

/** A run after the endpoint filter, auto mTLS and the HBONE choice: its parts by locality, first seen first. */
type ConvertedRun = readonly LocalityPart[];

/**
 * Runs converted per (registry list, conversion key): views of the same list whose conversion
 * reads the same inputs (`EndpointRunsInput.key`) share them, whichever istiod or client asks.
 */
const CONVERSIONS = new WeakMap<readonly RegistryEndpoint[], Map<string, (ConvertedRun | undefined)[]>>();

/** What {@link runGroups} needs besides the registry list. */
export interface EndpointRunsInput {
  /**
   * Everything `convert` reads besides the endpoint and whether it is of the proxy's cluster:
   * equal keys must mean equal conversions.
   */
  readonly key: string;
  /** Whether the conversion depends on the endpoint being of the proxy's cluster (cluster-local, node-local, LOCAL scope). */
  readonly ownClusterMatters: boolean;
  readonly proxyCluster: string;
  /** Filter, auto mTLS and HBONE choice of one endpoint: its EDS endpoint, or undefined when dropped. */
  readonly convert: (endpoint: RegistryEndpoint) => EdsEndpoint | undefined;
  readonly plan: SplitHorizonPlan;
  readonly service: SplitHorizonContext["service"];
}

/**
 * The locality groups of a view after split horizon, as `splitHorizonInto(groupByLocality(converted))`
 * makes them, computed per run of endpoints instead of per endpoint: each run is converted once per
 * conversion key and shared, and split horizon routes a whole run at once — a remote run becomes
 * its gateways' weights (summed per weight value), a direct one its (scaled) endpoints. A view of
 * 50 clusters' endpoints then costs ~50 steps, not one per endpoint. Same groups, same order:
 * groups sorted by locality, kept endpoints in input order, then gateways in gateway order.
 */
export function runGroups(
  endpoints: readonly RegistryEndpoint[],
  input: EndpointRunsInput,
): EdsLocalityGroup[] {
  const runs = runsOf(endpoints);
  const converted = getOrCreate(
    getOrCreate(CONVERSIONS, endpoints, () => new Map<string, (ConvertedRun | undefined)[]>()),
    input.key,
    () => new Array<ConvertedRun | undefined>(runs.length * 2),
  );
  const { plan } = input;
  const groups = new GroupBuilders();
  runs.forEach((run, i) => {
    const own = input.ownClusterMatters && run.cluster === input.proxyCluster ? 1 : 0;
    let parts = converted[i * 2 + own];
    if (!parts) {
      parts = convertRun(endpoints, run, input.convert);
      converted[i * 2 + own] = parts;
    }
    const route = plan.bypass ? undefined : plan.route(run.network, run.cluster);
    for (const part of parts) {
      const group = groups.of(part);
      if (!route) {
        for (const ep of part.endpoints) group.kept.push(ep);
        continue;
      }
      if (route.drop) continue;
      if (route.direct !== undefined) {
        for (const ep of part.directAt(plan.scale)) group.kept.push(ep);
        continue;
      }
      const crossing = part.crossing(plan.crossingNeedsMtls);
      if (crossing.represents.length === 0) continue;
      let share = 0;
      for (const [weight, count] of crossing.weights) {
        share = addWeights(
          share,
          count * Math.floor(scaleWeight(weight, plan.scale) / route.reachable.length),
        );
      }
      for (const gw of route.reachable) addGatewayShare(group.via, gw, share, crossing.represents);
    }
  });
  return groups
    .sorted()
    .map((group) =>
      plan.bypass
        ? { locality: group.locality, weight: groupWeight(group.kept), endpoints: group.kept }
        : splitGroup(group.locality, group.kept, group.via, plan, input.service),
    );
}

function convertRun(
  endpoints: readonly RegistryEndpoint[],
  run: PlacementRun,
  convert: EndpointRunsInput["convert"],
): ConvertedRun {
  const parts: LocalityPart[] = [];
  const byLocality = new Map<string, LocalityPart>();
  for (let i = run.start; i < run.end; i++) {
    const ep = convert(endpoints[i]!);
    if (!ep) continue;
    const key = localityString(ep.locality);
    const part = byLocality.get(key);
    if (part) part.endpoints.push(ep);
    else {
      const created = new LocalityPart(ep.locality, key, [ep]);
      byLocality.set(key, created);
      parts.push(created);
    }
  }
  return parts;
}

/** One locality group while it is assembled. */
interface GroupBuilder {
  readonly locality: Locality;
  readonly kept: EdsEndpoint[];
  readonly via: Map<NetworkGateway, GatewayShare>;
}

/** Groups by locality string in first-seen order, sorted by that string as `groupByLocality` sorts them. */
class GroupBuilders {
  private readonly byKey = new Map<string, GroupBuilder>();

  // Called per locality part of every run of every view: no closure is made per call.
  of(part: LocalityPart): GroupBuilder {
    let group = this.byKey.get(part.key);
    if (!group) this.byKey.set(part.key, (group = { locality: part.locality, kept: [], via: new Map() }));
    return group;
  }

  sorted(): GroupBuilder[] {
    return [...this.byKey].sort(byLocalityKey).map((entry) => entry[1]);
  }
}
