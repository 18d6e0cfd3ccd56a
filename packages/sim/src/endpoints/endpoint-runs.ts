import { getOrCreate, type Locality, localityString } from "@meshwright/core";
import type { NetworkGateway, RegistryEndpoint } from "../model/endpoint";
import { addWeights, groupWeight } from "./decision";
import type { EdsEndpoint, EdsLocalityGroup } from "./eds-types";
import { byLocalityKey } from "./locality-groups";
import { type PlacementRun, placementRunsOf } from "./placement-runs";
import { addGatewayShare, type GatewayShare, splitGroup } from "./split-groups";
import { type Route, type SplitHorizonContext, type SplitHorizonPlan, scaleWeight } from "./split-horizon";

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

/** A registry list's runs converted for one conversion key, and the templates made of them. */
interface Conversions {
  /** Per run, its conversion for other clusters' proxies (2i) and for its own cluster's (2i + 1). */
  readonly parts: (ConvertedRun | undefined)[];
  /**
   * Per gateways (`SplitHorizonPlan.gatewaysKey`: the index's own string, hashed once) and proxy
   * class (`remoteClass`): the view of every such proxy, as if of another network.
   */
  readonly templates: Map<string, Map<string, Template>>;
  /** Whether the runs are on more than one network (else a template would stand for no other view). */
  readonly manyNetworks: boolean;
}

/**
 * Runs converted per (registry list, conversion key): views of the same list whose conversion
 * reads the same inputs (`EndpointRunsInput.key`) share them, whichever istiod or client asks.
 */
const CONVERSIONS = new WeakMap<readonly RegistryEndpoint[], Map<string, Conversions>>();

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
 *
 * A proxy with a network routes every other network as any proxy of its class and gateways does
 * (`SplitHorizonPlan.remoteClass`, `gatewaysKey`), so its view is their template — the view of a
 * proxy of none of the list's networks, assembled once, whichever istiod asks first — with the
 * groups holding its own network's runs made again: those runs reached directly instead of
 * through their gateways. The other groups are the template's own objects. Views of cluster-local
 * or node-local conversions (`ownClusterMatters`) are assembled in full.
 */
export function runGroups(
  endpoints: readonly RegistryEndpoint[],
  input: EndpointRunsInput,
): EdsLocalityGroup[] {
  const runs = placementRunsOf(endpoints);
  const conversions = getOrCreate(
    getOrCreate(CONVERSIONS, endpoints, () => new Map<string, Conversions>()),
    input.key,
    () => ({
      parts: new Array<ConvertedRun | undefined>(runs.length * 2),
      templates: new Map(),
      manyNetworks: runs.some((run) => run.network !== runs[0]!.network),
    }),
  );
  const { plan } = input;
  const remoteClass =
    plan.bypass || input.ownClusterMatters || !conversions.manyNetworks ? undefined : plan.remoteClass;
  if (remoteClass === undefined) {
    const groups = assemble(endpoints, runs, conversions, input, plan.route, false);
    return groups.map((group) => finish(group, plan, input.service));
  }
  const template = getOrCreate(
    getOrCreate(conversions.templates, plan.gatewaysKey, () => new Map<string, Template>()),
    remoteClass,
    () => buildTemplate(endpoints, runs, conversions, input),
  );
  return patchTemplate(template, endpoints, runs, conversions, input);
}

/** The converted parts of run `i` for the proxy (its own cluster's conversion when that matters). */
function partsOf(
  endpoints: readonly RegistryEndpoint[],
  runs: readonly PlacementRun[],
  i: number,
  conversions: Conversions,
  input: EndpointRunsInput,
): ConvertedRun {
  const run = runs[i]!;
  const slot = i * 2 + (input.ownClusterMatters && run.cluster === input.proxyCluster ? 1 : 0);
  let parts = conversions.parts[slot];
  if (!parts) {
    parts = convertRun(endpoints, run, input.convert);
    conversions.parts[slot] = parts;
  }
  return parts;
}

/** Every run's parts routed by `route` into locality groups, sorted by locality. */
function assemble(
  endpoints: readonly RegistryEndpoint[],
  runs: readonly PlacementRun[],
  conversions: Conversions,
  input: EndpointRunsInput,
  route: SplitHorizonPlan["route"],
  tagRuns: boolean,
): GroupBuilder[] {
  const { plan } = input;
  const groups = new GroupBuilders(tagRuns);
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const routed = plan.bypass ? undefined : route(run.network, run.cluster);
    for (const part of partsOf(endpoints, runs, i, conversions, input)) {
      addPart(groups.of(part), part, i, routed, plan);
    }
  }
  return groups.sorted();
}

/** One run's part into its group: kept as is (no split horizon), dropped, direct, or to its gateways. */
function addPart(
  group: GroupBuilder,
  part: LocalityPart,
  run: number,
  route: Route | undefined,
  plan: SplitHorizonPlan,
): void {
  if (!route) {
    group.keep(run, part.endpoints);
    return;
  }
  if (route.drop) return;
  if (route.direct !== undefined) {
    group.keep(run, part.directAt(plan.scale));
    return;
  }
  const crossing = part.crossing(plan.crossingNeedsMtls);
  if (crossing.represents.length === 0) return;
  let share = 0;
  for (const [weight, count] of crossing.weights) {
    share = addWeights(share, count * Math.floor(scaleWeight(weight, plan.scale) / route.reachable.length));
  }
  for (const gw of route.reachable) addGatewayShare(group.via, gw, share, crossing.represents);
}

function finish(
  group: GroupBuilder,
  plan: Pick<SplitHorizonPlan, "bypass" | "ambientEnvoy" | "gatewayRank">,
  service: SplitHorizonContext["service"],
): EdsLocalityGroup {
  return plan.bypass
    ? { locality: group.locality, weight: groupWeight(group.kept), endpoints: group.kept }
    : splitGroup(group.locality, group.kept, group.via, plan, service);
}

/**
 * The view of a proxy of the class on a network none of the runs is on: its groups (each its
 * kept endpoints, then its gateway pseudo-endpoints, those of the index it was made with), the
 * run of each group's kept endpoints, and where each locality's group is.
 */
interface Template {
  readonly groups: readonly EdsLocalityGroup[];
  readonly keptRuns: readonly (readonly number[])[];
  readonly position: ReadonlyMap<string, number>;
}

function buildTemplate(
  endpoints: readonly RegistryEndpoint[],
  runs: readonly PlacementRun[],
  conversions: Conversions,
  input: EndpointRunsInput,
): Template {
  const { plan } = input;
  const builders = assemble(endpoints, runs, conversions, input, plan.remoteRoute, true);
  return {
    groups: builders.map((group) => finish(group, plan, input.service)),
    keptRuns: builders.map((group) => group.runs!),
    position: new Map(builders.map((group, i) => [group.key, i])),
  };
}

/**
 * The proxy's view from its class's template: the groups holding a run of the proxy's network are
 * made again without what those runs gave as remote ones (their kept endpoints, their network's
 * gateway pseudo-endpoints: only that network's runs route to its gateways) and with the runs as
 * the proxy routes them. A run of the proxy's own network is local to it (`inNetwork`): reached
 * directly, or dropped when its network is outside the proxy's network view (`planRoute`), never
 * through a gateway — so the other gateways' pseudo-endpoints are the template's, as they are.
 */
function patchTemplate(
  template: Template,
  endpoints: readonly RegistryEndpoint[],
  runs: readonly PlacementRun[],
  conversions: Conversions,
  input: EndpointRunsInput,
): EdsLocalityGroup[] {
  const { plan } = input;
  const own = plan.network;
  // Per group position: the own network's kept endpoints, per run in input order.
  let local: Map<number, [run: number, endpoints: readonly EdsEndpoint[]][]> | undefined;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (run.network !== own) continue;
    const route = plan.route(run.network, run.cluster);
    for (const part of partsOf(endpoints, runs, i, conversions, input)) {
      const at = template.position.get(part.key)!;
      local ??= new Map();
      let kept = local.get(at);
      if (!kept) local.set(at, (kept = []));
      if (!route.drop) kept.push([i, part.directAt(plan.scale)]);
    }
  }
  const groups = [...template.groups];
  if (local) {
    for (const [at, kept] of local) {
      groups[at] = withLocalRuns(template.groups[at]!, template.keptRuns[at]!, kept, runs, own);
    }
  }
  return groups;
}

/**
 * A template group with the runs of `network` local: the template's kept endpoints (the first
 * `keptRuns.length`, each of run `keptRuns[k]`) of other networks' runs merged in input order with
 * `local`, then the template's gateway pseudo-endpoints but those of `network`'s gateways.
 */
function withLocalRuns(
  group: EdsLocalityGroup,
  keptRuns: readonly number[],
  local: readonly [run: number, endpoints: readonly EdsEndpoint[]][],
  runs: readonly PlacementRun[],
  network: string,
): EdsLocalityGroup {
  const endpoints: EdsEndpoint[] = [];
  let next = 0;
  keptRuns.forEach((run, k) => {
    if (runs[run]!.network === network) return;
    for (; next < local.length && local[next]![0] < run; next++) endpoints.push(...local[next]![1]);
    endpoints.push(group.endpoints[k]!);
  });
  for (; next < local.length; next++) endpoints.push(...local[next]![1]);
  for (let k = keptRuns.length; k < group.endpoints.length; k++) {
    const gateway = group.endpoints[k]!;
    if (gateway.network !== network) endpoints.push(gateway);
  }
  return { locality: group.locality, weight: groupWeight(endpoints), endpoints };
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
class GroupBuilder {
  readonly kept: EdsEndpoint[] = [];
  /** When tagged: the run of each kept endpoint (a template's groups are patched per run). */
  readonly runs: number[] | undefined;
  readonly via = new Map<NetworkGateway, GatewayShare>();

  constructor(
    readonly locality: Locality,
    readonly key: string,
    tagRuns: boolean,
  ) {
    this.runs = tagRuns ? [] : undefined;
  }

  /** Appends a run's kept endpoints (runs come in input order). */
  keep(run: number, endpoints: readonly EdsEndpoint[]): void {
    for (const ep of endpoints) {
      this.kept.push(ep);
      this.runs?.push(run);
    }
  }
}

/** Groups by locality string in first-seen order, sorted by that string as `groupByLocality` sorts them. */
class GroupBuilders {
  private readonly byKey = new Map<string, GroupBuilder>();

  constructor(private readonly tagRuns: boolean) {}

  // Called per locality part of every run of every view: no closure is made per call.
  of(part: LocalityPart): GroupBuilder {
    let group = this.byKey.get(part.key);
    if (!group) this.byKey.set(part.key, (group = new GroupBuilder(part.locality, part.key, this.tagRuns)));
    return group;
  }

  sorted(): GroupBuilder[] {
    return [...this.byKey].sort(byLocalityKey).map((entry) => entry[1]);
  }
}
