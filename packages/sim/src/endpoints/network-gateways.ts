import type { Diagnostic, EastWestGatewayModel } from "@meshwright/core";
import type { NetworkGateway } from "../model/endpoint";
import { type AmbientNetworkGateway, compareAmbientGateways, toAmbientGateway } from "./ambient-gateway";
import { ENDPOINT_CODES, endpointDiagnostic } from "./codes";
import { indexNetworkGateways, type NetworkGatewayIndex } from "./gateway-index";
import { isIpAddress } from "./ip-address";

/** `DefaultNetworkGatewayPort` (`kube/controller/controller.go`): the AUTO_PASSTHROUGH mTLS port. */
export const GATEWAY_MTLS_PORT = 15443;
/** `DefaultNetworkGatewayHBONEPort`: the HBONE port of east-west gateways. */
export const GATEWAY_HBONE_PORT = 15008;

/** The east-west gateways found in one cluster istiod reads (its own, or a remote). */
export interface ClusterGateways {
  readonly cluster: string;
  readonly gateways: readonly EastWestGatewayModel[];
}

/** Settings of the istiod whose view is computed. */
export interface NetworkGatewayOptions {
  /** The istiod's own cluster: its ambient gateways are not network gateways of its WDS (only `istio-remote` ones are). */
  readonly localCluster?: string;
  /** `RESOLVE_HOSTNAME_GATEWAYS` (default true). */
  readonly resolveHostnameGateways?: boolean;
  /** Trust domain used for gateway identities (default `cluster.local`). */
  readonly trustDomain?: string;
}

/** What istiod did with one gateway, for one of its two views. */
export interface GatewayDecision {
  readonly cluster: string;
  /** `<namespace>/<name>` of the gateway. */
  readonly gateway: string;
  /** `sidecar`: the Envoy NetworkManager view; `ambient`: the WDS network gateways. */
  readonly view: "sidecar" | "ambient";
  readonly action: "kept" | "dropped";
  readonly reason: string;
}

/** Both gateway views of one istiod, with why each gateway is in or out. */
export interface NetworkGatewayDiscovery {
  /** What the NetworkManager holds for Envoy proxies (sidecars, gateways, waypoints). */
  readonly sidecar: NetworkGatewayIndex;
  /** What the ambient index uses for split-horizon workloads (sorted by resource name). */
  readonly ambient: readonly AmbientNetworkGateway[];
  readonly decisions: readonly GatewayDecision[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The network gateways an istiod derives from the east-west gateways of the clusters it reads
 * (istio-semantics §3.2).
 *
 * Envoy view (`kube/controller/network.go` getGatewayDetails + `model/network.go`
 * resolveHostnameGateways): a network-labelled gateway Service yields mTLS port 15443 only if it
 * exposes it and HBONE port 15008 only if it exposes it (neither: ignored); a pending address
 * drops it; a hostname is replaced by every address it resolves to when RESOLVE_HOSTNAME_GATEWAYS
 * is on, and the gateway is dropped when it is off or nothing resolves.
 *
 * Ambient view (`ambient/networks.go` remoteK8sGatewayToNetworkGateways): only ambient
 * (`istio-east-west` class) gateways of remote clusters with an address; hostnames stay unresolved
 * (ztunnel resolves them) and HBONE port 15008 is assumed.
 */
export function networkGatewaysFromModel(
  sources: readonly ClusterGateways[],
  options: NetworkGatewayOptions = {},
): NetworkGatewayDiscovery {
  const resolve = options.resolveHostnameGateways ?? true;
  const envoy: NetworkGateway[] = [];
  const ambient: AmbientNetworkGateway[] = [];
  const decisions: GatewayDecision[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { cluster, gateways } of sources) {
    for (const gw of gateways) {
      const id = `${gw.namespace}/${gw.name}`;
      const decide = (view: GatewayDecision["view"], action: GatewayDecision["action"], reason: string) =>
        decisions.push({ cluster, gateway: id, view, action, reason });
      const addressProblem = checkAddress(gw, cluster, id);
      if (addressProblem) {
        diagnostics.push(addressProblem.diagnostic);
        decide("sidecar", "dropped", addressProblem.reason);
        if (gw.kind === "ambient") decide("ambient", "dropped", addressProblem.reason);
        continue;
      }
      if (gw.kind === "classic" && !gw.exposesServices) diagnostics.push(notExposing(cluster, id));

      const envoyOutcome = envoyGateways(gw, cluster, id, resolve);
      if (envoyOutcome.diagnostic) diagnostics.push(envoyOutcome.diagnostic);
      envoy.push(...envoyOutcome.gateways);
      decide("sidecar", envoyOutcome.gateways.length > 0 ? "kept" : "dropped", envoyOutcome.reason);

      if (gw.kind !== "ambient") continue;
      if (cluster === options.localCluster) {
        decide(
          "ambient",
          "dropped",
          "ambient E/W gateway of istiod's own cluster: the local cluster contributes only istio-remote gateways (ambient/networks.go localK8sGatewayToNetworkGateways)",
        );
        continue;
      }
      const converted = toAmbientGateway(gw, cluster, options.trustDomain ?? "cluster.local");
      if (ambient.some((other) => other.resourceName === converted.resourceName)) {
        // MergedNetworkGateways keys gateways by resource name: the first cluster's copy wins.
        decide(
          "ambient",
          "dropped",
          `same gateway (${converted.resourceName}) already known from another cluster`,
        );
        continue;
      }
      ambient.push(converted);
      decide(
        "ambient",
        "kept",
        "remote istio-east-west gateway with an address: network gateway of split-horizon workloads, HBONE port 15008 assumed (ambient/networks.go remoteK8sGatewayToNetworkGateways)",
      );
    }
  }
  return {
    sidecar: indexNetworkGateways(envoy),
    ambient: ambient.sort(compareAmbientGateways),
    decisions,
    diagnostics,
  };
}

/** A gateway every view drops: no address yet, or an address that is not an IP. */
function checkAddress(
  gw: EastWestGatewayModel,
  cluster: string,
  id: string,
): { reason: string; diagnostic: Diagnostic } | undefined {
  if (gw.address === undefined) {
    return {
      reason: "no address yet (LoadBalancer pending): istiod has no gateway address to advertise",
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.gatewayPending, "warning", {
        message: `east-west gateway ${id} has no external address, so istiod drops it and remote networks lose their entry point`,
        fix: "wait for the LoadBalancer to get an address, or set the gateway address in the Mesh document",
        cluster,
        path: `$.eastWestGateways[${id}].address`,
        expected: "an IP or a hostname",
        found: "none (pending)",
      }),
    };
  }
  if ("ip" in gw.address && !isIpAddress(gw.address.ip)) {
    return {
      reason: `address ${gw.address.ip} is not an IP`,
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.gatewayBadAddress, "error", {
        message: `east-west gateway ${id} has address ${gw.address.ip}, which is not an IP address`,
        fix: "give the gateway an IPv4/IPv6 address, or declare it as { hostname, resolvesTo }",
        cluster,
        path: `$.eastWestGateways[${id}].address.ip`,
        expected: "an IPv4 or IPv6 literal",
        found: gw.address.ip,
      }),
    };
  }
  return undefined;
}

function notExposing(cluster: string, id: string): Diagnostic {
  return endpointDiagnostic(ENDPOINT_CODES.gatewayNotExposingServices, "warning", {
    message: `classic east-west gateway ${id} has no AUTO_PASSTHROUGH Gateway for *.local on 15443; istiod still advertises it, but cross-network connections through it are reset`,
    fix: "apply samples/multicluster/expose-services.yaml (Gateway cross-network-gateway, port 15443, tls AUTO_PASSTHROUGH)",
    cluster,
    expected: "an Istio Gateway with tls.mode AUTO_PASSTHROUGH on port 15443",
    found: "none",
  });
}

/** The mTLS and HBONE ports istiod reads from a gateway's Service (0: not exposed). */
function gatewayPorts(gw: EastWestGatewayModel): { mtlsPort: number; hbonePort: number } {
  return {
    mtlsPort: gw.ports.includes(GATEWAY_MTLS_PORT) ? GATEWAY_MTLS_PORT : 0,
    hbonePort: gw.ports.includes(GATEWAY_HBONE_PORT) ? GATEWAY_HBONE_PORT : 0,
  };
}

/** A model gateway as a NetworkGateway at one of its addresses (the ports istiod reads from its Service). */
export function networkGateway(gw: EastWestGatewayModel, cluster: string, address: string): NetworkGateway {
  return { network: gw.network, cluster, address, ...gatewayPorts(gw), name: `${gw.namespace}/${gw.name}` };
}

/** The Envoy-view gateways of one model gateway (one per resolved address). */
function envoyGateways(
  gw: EastWestGatewayModel,
  cluster: string,
  id: string,
  resolveHostnames: boolean,
): { gateways: NetworkGateway[]; reason: string; diagnostic?: Diagnostic } {
  const { mtlsPort, hbonePort } = gatewayPorts(gw);
  if (mtlsPort === 0 && hbonePort === 0) {
    return {
      gateways: [],
      reason: `Service exposes neither ${GATEWAY_MTLS_PORT} nor ${GATEWAY_HBONE_PORT} (kube/controller/network.go getGatewayDetails)`,
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.gatewayNoPorts, "warning", {
        message: `east-west gateway ${id} is labelled with network ${gw.network} but its Service exposes neither ${GATEWAY_MTLS_PORT} nor ${GATEWAY_HBONE_PORT}, so istiod ignores it`,
        fix: `expose port ${GATEWAY_MTLS_PORT} (sidecar mode) or ${GATEWAY_HBONE_PORT} (ambient) on the gateway Service`,
        cluster,
        path: `$.eastWestGateways[${id}].ports`,
        expected: `${GATEWAY_MTLS_PORT} or ${GATEWAY_HBONE_PORT}`,
        found: gw.ports.join(", ") || "none",
      }),
    };
  }
  const portText = `mTLS port ${mtlsPort || "none"}, HBONE port ${hbonePort || "none"}`;
  const make = (address: string): NetworkGateway => networkGateway(gw, cluster, address);
  const address = gw.address!;
  if ("ip" in address) return { gateways: [make(address.ip)], reason: `${address.ip}: ${portText}` };
  if (!resolveHostnames) {
    return {
      gateways: [],
      reason: `hostname ${address.hostname} and RESOLVE_HOSTNAME_GATEWAYS=false (model/network.go resolveHostnameGateways)`,
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.gatewayHostnameNotResolved, "warning", {
        message: `east-west gateway ${id} has hostname ${address.hostname}, and istiod does not resolve gateway hostnames, so it drops the gateway`,
        fix: "set RESOLVE_HOSTNAME_GATEWAYS=true on istiod (the default), or give the gateway an IP address",
        cluster,
        expected: "an IP address, or RESOLVE_HOSTNAME_GATEWAYS=true",
        found: address.hostname,
      }),
    };
  }
  // networkGatewayNameCache.resolve sorts the A/AAAA answers; non-IP answers cannot occur in DNS.
  const ips = [...new Set(address.resolvesTo.filter(isIpAddress))].sort();
  if (ips.length === 0) {
    return {
      gateways: [],
      reason: `hostname ${address.hostname} resolves to no address (model/network.go resolveHostnameGateways)`,
      diagnostic: endpointDiagnostic(ENDPOINT_CODES.gatewayHostnameUnresolvable, "warning", {
        message: `east-west gateway ${id} hostname ${address.hostname} resolves to no address, so istiod silently drops the gateway`,
        fix: "check the load balancer's DNS name (AWS NLB names take minutes to resolve) or give the gateway an IP",
        cluster,
        expected: "at least one A/AAAA record",
        found: "none",
      }),
    };
  }
  return {
    gateways: ips.map(make),
    reason: `hostname ${address.hostname} resolved by istiod to ${ips.join(", ")}: ${portText}`,
  };
}
