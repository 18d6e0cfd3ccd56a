import { type EastWestGatewayModel, eastWestGatewayServiceAccount, workloadSpiffeId } from "@meshwright/core";

/** The HBONE port istiod assumes for remote ambient E/W gateways (`createSplitHorizonWorkload`). */
const ASSUMED_HBONE_PORT = 15008;

/** Where ztunnel connects to reach an ambient E/W gateway. */
export type AmbientGatewayAddress =
  | { readonly ip: string }
  | {
      /** A DNS name ztunnel resolves itself (istiod does not resolve it for WDS). */
      readonly hostname: string;
      readonly resolvesTo: readonly string[];
      /**
       * When the hostname is a Service ztunnel knows, its port map (service port → target port):
       * the HBONE port is looked up through it (`state.rs` fetch_network_gateway).
       */
      readonly portMap?: Readonly<Record<number, number>>;
    };

/**
 * A network gateway of istiod's ambient index (`ambient/networks.go` NetworkGateway): a remote
 * `istio-east-west` gateway, reached with HBONE on 15008, presenting its service account's identity.
 */
export interface AmbientNetworkGateway {
  readonly network: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly address: AmbientGatewayAddress;
  readonly hbonePort: number;
  readonly serviceAccount: string;
  /** SPIFFE identity the gateway presents on the outer HBONE tunnel. */
  readonly identity: string;
  /** `<namespace>/<name>/<address>`: istiod's key for it (`NetworkGateway.ResourceName`). */
  readonly resourceName: string;
}

/** The text of an ambient gateway address (IP or hostname). */
export function ambientGatewayHost(address: AmbientGatewayAddress): string {
  return "ip" in address ? address.ip : address.hostname;
}

/** Converts a model gateway (with an address) seen in `cluster` to istiod's ambient network gateway. */
export function toAmbientGateway(
  gw: EastWestGatewayModel,
  cluster: string,
  trustDomain: string,
): AmbientNetworkGateway {
  const serviceAccount = eastWestGatewayServiceAccount(gw);
  const address: AmbientGatewayAddress =
    gw.address === undefined || "ip" in gw.address
      ? { ip: gw.address?.ip ?? "" }
      : { hostname: gw.address.hostname, resolvesTo: gw.address.resolvesTo };
  return {
    network: gw.network,
    cluster,
    namespace: gw.namespace,
    name: gw.name,
    address,
    hbonePort: ASSUMED_HBONE_PORT,
    serviceAccount,
    identity: workloadSpiffeId(trustDomain, gw.namespace, serviceAccount),
    resourceName: `${gw.namespace}/${gw.name}/${ambientGatewayHost(address)}`,
  };
}

/**
 * A total order for "the first gateway of a network". istiod takes the first element of an
 * unordered index lookup (`LookupNetworkGateway`, istio/istio#56960); meshwright makes that choice
 * deterministic: by resource name, then cluster.
 */
export function compareAmbientGateways(a: AmbientNetworkGateway, b: AmbientNetworkGateway): number {
  if (a.resourceName !== b.resourceName) return a.resourceName < b.resourceName ? -1 : 1;
  return a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0;
}
