import type { Diagnostic, IstioVersion, MeshConfigModel } from "@meshwright/core";
import { localityString } from "@meshwright/core";
import type { ProxyView } from "../model/proxy";
import { type ClusterLbFlags, clusterLbFlags } from "./cluster-flags";
import { type EffectiveLbSetting, effectiveLbSetting } from "./effective-setting";
import type { DistributionOutcome, EndpointShare } from "./endpoint-share";
import type { LocalClusterView } from "./envoy-zone-routing";
import { explain, type LbExplanationStep, SOURCES, type StepSink } from "./explanation";
import { failoverEnabled } from "./failover-gate";
import { type LbFeatureFlags, resolveLbFeatureFlags } from "./lb-features";
import { applyLocalityLoadBalancer, describeGroups } from "./load-assignment";
import { endpointName, type LbEndpoint, type LocalityLbGroup, localityLbGroups } from "./locality-groups";
import { requestShares } from "./request-shares";
import type { LbTrafficPolicy } from "./setting-types";
import { ztunnelCandidates } from "./ztunnel-candidates";
import {
  type WdsLoadBalancing,
  type ZtunnelServiceInput,
  ztunnelLoadBalancing,
} from "./ztunnel-load-balancing";
import { ztunnelShares } from "./ztunnel-shares";

/** One question: how does this proxy spread requests for this service port over its endpoints? */
export interface DistributionRequest<E extends LbEndpoint = LbEndpoint> {
  /** The calling proxy (a sidecar, gateway or waypoint: Envoy; `ztunnel`: the client workload's ztunnel). */
  readonly proxy: ProxyView;
  /**
   * The endpoints the proxy's EDS (or ztunnel's WDS) holds for the service port: already filtered
   * (istio-semantics §1.2 step 1, subset labels) and split-horizoned (§3.3, gateway pseudo-endpoints
   * keep the remote locality and carry only network/cluster labels; §3.5 for ztunnel, weight = capacity).
   */
  readonly endpoints: readonly E[];
  readonly service: ZtunnelServiceInput;
  /** The DestinationRule traffic policy merged for the subset and port (Envoy only; ztunnel ignores DRs). */
  readonly destinationRulePolicy?: LbTrafficPolicy | undefined;
  readonly meshConfig: Pick<MeshConfigModel, "localityLbSetting" | "zoneAwareLbSetting">;
  readonly istioVersion: IstioVersion;
  /** istiod feature-flag overrides (defaults per version). */
  readonly features?: Partial<LbFeatureFlags> | undefined;
  /** Workload ids ejected by Envoy outlier detection (fault injection). */
  readonly ejected?: ReadonlySet<string> | undefined;
  /** ztunnel: networks whose workloads carry a network_gateway (an ambient east-west gateway exists). */
  readonly networksWithGateway?: ReadonlySet<string> | undefined;
  /** Envoy zone-aware routing: the caller's own service per locality (proxy self-discovery). */
  readonly localCluster?: LocalClusterView | undefined;
  /** Build the explanation (default true); the bulk path turns it off to stay allocation-light. */
  readonly explain?: boolean | undefined;
}

/** The answer: what istiod sends, what the data plane does with it, and why. */
export interface Distribution<E extends LbEndpoint = LbEndpoint> {
  readonly dataplane: "envoy" | "ztunnel";
  readonly outcome: DistributionOutcome;
  /** Envoy: the EDS groups istiod sends this proxy (empty for ztunnel). */
  readonly groups: readonly LocalityLbGroup<E>[];
  /** Envoy: the cluster flags (null for ztunnel). */
  readonly clusterFlags: ClusterLbFlags | null;
  /** Envoy: the effective locality LB setting (null for ztunnel). */
  readonly setting: EffectiveLbSetting | null;
  /** ztunnel: the WDS load balancing of the service (null for Envoy, or when unset). */
  readonly loadBalancing: WdsLoadBalancing | null;
  /** Envoy: percent of requests per priority (empty for ztunnel). */
  readonly priorityLoads: readonly number[];
  /** Share of requests per endpoint; empty on failure. */
  readonly shares: readonly EndpointShare<E>[];
  /** Each rule that fired and why (empty when `explain: false`). */
  readonly explanation: readonly LbExplanationStep[];
  readonly diagnostics: readonly Diagnostic[];
}

function envoyDistribution<E extends LbEndpoint>(
  request: DistributionRequest<E>,
  steps: StepSink,
): Distribution<E> {
  const { proxy, istioVersion } = request;
  const features = resolveLbFeatureFlags(istioVersion, request.features);
  const grouped = localityLbGroups(request.endpoints);
  explain(
    steps,
    "grouping",
    SOURCES.grouping,
    () => `EDS groups by locality (sorted): ${describeGroups(grouped)}`,
  );

  const setting = effectiveLbSetting({
    destinationRulePolicy: request.destinationRulePolicy,
    trafficDistribution: request.service.trafficDistribution,
    meshConfig: request.meshConfig,
    istioVersion,
  });
  explain(steps, "effective-setting", SOURCES.effectiveSetting, () => setting.reason);

  const failover = failoverEnabled({
    setting,
    destinationRulePolicy: request.destinationRulePolicy,
    proxyKind: proxy.kind,
  });
  explain(steps, "failover-gate", SOURCES.failoverGate, () => failover.reason);

  const groups = applyLocalityLoadBalancer({
    groups: grouped,
    setting,
    failover,
    proxy,
    istioVersion,
    steps,
  });
  const cluster = clusterLbFlags({
    setting,
    failover,
    features,
    proxyKind: proxy.kind,
    destinationRulePolicy: request.destinationRulePolicy,
    trafficDistribution: request.service.trafficDistribution,
    istioVersion,
  });
  const flags = cluster.flags;
  explain(steps, "cluster-config", SOURCES.clusterConfig, () => {
    const zoneAware = flags.zoneAwareLbConfig
      ? `; ZoneAwareLbConfig routing ${flags.zoneAwareLbConfig.routingEnabled ? "on" : "0%"}, min_cluster_size ${flags.zoneAwareLbConfig.minClusterSize}`
      : "";
    return `${cluster.localityWeightedReason}; ${cluster.panic.reason}; lb_policy ${flags.lbPolicy}${zoneAware}`;
  });

  const base = {
    dataplane: "envoy" as const,
    groups,
    clusterFlags: flags,
    setting,
    loadBalancing: null,
    diagnostics: setting.diagnostics,
  };
  if (flags.lbPolicy === "CLUSTER_PROVIDED") {
    explain(
      steps,
      "host-selection",
      SOURCES.clusterConfig,
      () => "PASSTHROUGH: ORIGINAL_DST cluster, Envoy connects to the dialled address; no EDS",
    );
    return {
      ...base,
      groups: [],
      outcome: "passthrough",
      priorityLoads: [],
      shares: [],
      explanation: steps ?? [],
    };
  }
  const result = requestShares(groups, flags, {
    ejected: request.ejected,
    proxyLocality: proxy.locality,
    localCluster: request.localCluster,
    steps,
  });
  return {
    ...base,
    outcome: result.outcome,
    priorityLoads: result.priorityLoads.loads,
    shares: result.shares,
    explanation: steps ?? [],
  };
}

function ztunnelDistribution<E extends LbEndpoint>(
  request: DistributionRequest<E>,
  steps: StepSink,
): Distribution<E> {
  const loadBalancing = ztunnelLoadBalancing(request.service);
  explain(steps, "ztunnel-load-balancing", SOURCES.ztunnelLoadBalancing, () => {
    const ignored = request.destinationRulePolicy
      ? " (DestinationRule ignored: only a waypoint applies it)"
      : "";
    return loadBalancing === null
      ? `WDS load_balancing unset: plain weighted random over healthy endpoints${ignored}`
      : `WDS load_balancing ${loadBalancing.mode} [${loadBalancing.routingPreference.join(", ")}] ${loadBalancing.healthPolicy}${ignored}`;
  });
  const candidates = ztunnelCandidates({
    client: request.proxy,
    endpoints: request.endpoints,
    loadBalancing,
    istioVersion: request.istioVersion,
    networksWithGateway: request.networksWithGateway,
  });
  explain(steps, "ztunnel-rank", SOURCES.ztunnelRank, () => {
    const excluded = candidates.excluded.map((x) => `${endpointName(x.endpoint)} (${x.reason})`).join(", ");
    const kept = candidates.kept
      .map((c) => `${endpointName(c.endpoint)}@${localityString(c.endpoint.locality)}`)
      .join(", ");
    const rank = candidates.mode === "standard" ? "" : ` best rank ${candidates.kept[0]?.rank ?? "-"};`;
    const outcome =
      candidates.outcome === "ok"
        ? `keeps [${kept}]`
        : `${candidates.outcome}: the connection fails (no healthy upstream)`;
    return `${candidates.mode}:${rank} ${outcome}${excluded ? `; excluded ${excluded}` : ""}`;
  });
  const shares = ztunnelShares(candidates);
  return {
    dataplane: "ztunnel",
    outcome: candidates.outcome,
    groups: [],
    clusterFlags: null,
    setting: null,
    loadBalancing,
    priorityLoads: [],
    shares,
    explanation: steps ?? [],
    diagnostics: [],
  };
}

/**
 * The simulator's entry point per (proxy, service, port): the EDS groups istiod sends an Envoy proxy
 * (or the WDS load balancing ztunnel gets), the share of requests per endpoint, and an explanation
 * of every rule that fired (istio-semantics §1). Pure and deterministic.
 */
export function computeDistribution<E extends LbEndpoint>(request: DistributionRequest<E>): Distribution<E> {
  const steps: StepSink = request.explain === false ? null : [];
  return request.proxy.kind === "ztunnel"
    ? ztunnelDistribution(request, steps)
    : envoyDistribution(request, steps);
}
