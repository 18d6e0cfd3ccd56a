import { getOrCreate, memoizeWeak, PathMemo, type Workload } from "@meshwright/core";
import { type Authorizer, type AuthzDecision, authorizerFor, type Enforcer } from "../authz";
import type { Hop } from "../trace/hop";
import type { ServedBy } from "../trace/trace";
import type { SimContext } from "./context";
import type { Flow } from "./flow";

/** What reaches the server side: the connection as the server's proxy sees it. */
export interface Arrival {
  readonly server: Workload;
  /** Workload (target) port. */
  readonly port: number;
  /** L7 (`http`) when the server proxy parses HTTP on this port; ztunnel is always L4. */
  readonly protocol: "http" | "tcp";
  /** Whether the connection is Istio mTLS (or HBONE) when it reaches the server proxy. */
  readonly mtls: boolean;
  /** The client's SPIFFE id when `mtls` (the identity survives gateways: istio-semantics §2.10). */
  readonly clientIdentity?: string;
  /** The address the server proxy sees as the peer (a gateway's when one terminated TCP). */
  readonly sourceIp: string;
  readonly sni?: string;
  readonly http?: {
    readonly method: string;
    readonly path: string;
    readonly host: string;
    readonly headers: Readonly<Record<string, string>>;
  };
}

/** The port a ztunnel (or a waypoint) takes HBONE on. */
export const HBONE_PORT = 15008;

/**
 * Who receives a connection for `workload` on the wire: its sidecar, its node's ztunnel, or the
 * application itself when the pod is not in the mesh.
 */
export function receiverOf(workload: Workload): { role: string; id: string; cluster: string } {
  switch (workload.dataplane) {
    case "sidecar":
      return { role: "sidecar", id: workload.id, cluster: workload.cluster };
    case "ambient":
      return { role: "ztunnel", id: ztunnelId(workload), cluster: workload.cluster };
    case "none":
      return { role: "app", id: workload.id, cluster: workload.cluster };
  }
}

/** The endpoint that served a request: a workload reached on `port` (at `address`, default its own IP). */
export function servedByWorkload(
  server: Workload,
  port: number,
  via?: string,
  address = server.ips[0] ?? "",
): ServedBy {
  return {
    workload: server.id,
    cluster: server.cluster,
    network: server.network,
    address,
    port,
    identity: server.identity,
    ...(via ? { via } : {}),
  };
}

/** The ztunnel serving a workload's node (ECS tasks run their own ztunnel). */
export function ztunnelId(workload: Workload): string {
  return workload.kind === "EcsTask"
    ? `${workload.id}/ztunnel`
    : `${workload.cluster}/ztunnel/${workload.node ?? "node"}`;
}

const SPIFFE = "spiffe://";

/** The principal of a SPIFFE id (`spiffe://` dropped), once per identity and compile; "" for other ids. */
export function principalOf(ctx: SimContext, identity: string): string {
  return getOrCreate(ctx.principals, identity, () =>
    identity.startsWith(SPIFFE) ? identity.slice(SPIFFE.length) : "",
  );
}

// The ends of the last hop (server proxy → application), the same for every request to a port.
const receiverEnd = memoizeWeak((server: Workload) => Object.freeze(receiverOf(server)));
const appEnd = new PathMemo<readonly [Workload, number], Hop["to"]>();

/**
 * The server side of a request: the server's proxy (sidecar inbound listener or the destination
 * ztunnel) applies PeerAuthentication and AuthorizationPolicy from its istiod's cluster, then hands
 * the request to the application. Records that last hop (proxy → app) and fails the flow when refused;
 * a pod outside the mesh has no such hop (the previous hop reached the application).
 */
export function deliver(ctx: SimContext, flow: Flow, arrival: Arrival): AuthzDecision | undefined {
  const server = arrival.server;
  const enforcer: Extract<Enforcer, "sidecar" | "ztunnel"> | undefined =
    server.dataplane === "sidecar" ? "sidecar" : server.dataplane === "ambient" ? "ztunnel" : undefined;
  if (!enforcer) return undefined;
  flow.add({
    from: receiverEnd(server),
    to: appEnd.get([server, arrival.port], () =>
      Object.freeze({
        role: "app",
        id: server.id,
        cluster: server.cluster,
        address: `${server.ips[0] ?? ""}:${arrival.port}`,
      }),
    ),
    protocol: arrival.protocol === "http" ? "HTTP" : "TCP",
  });
  const principal = arrival.mtls && arrival.clientIdentity ? principalOf(ctx, arrival.clientIdentity) : "";
  const protocol = enforcer === "ztunnel" ? "tcp" : arrival.protocol;
  const decision = serverAuthorizer(
    ctx,
    server,
    enforcer,
    protocol,
  )({
    // One shape whatever is absent (undefined fields): conditional spreads build throwaway objects.
    source: { principal: principal || undefined, ip: arrival.sourceIp, mtls: arrival.mtls },
    destination: { ip: server.ips[0] ?? "", port: arrival.port, sni: arrival.sni || undefined },
    protocol,
    http: protocol === "http" ? arrival.http : undefined,
  });
  recordAuthz(flow, decision, { port: arrival.port, protocol, mtls: arrival.mtls });
  return decision;
}

/** A Deployment's server-side authorizers, per enforcer (sidecar or ztunnel) and filter-chain protocol. */
export type ServerAuthorizers = { [E in "sidecar" | "ztunnel"]?: { http?: Authorizer; tcp?: Authorizer } };

/**
 * The authorizer of a server's proxy for one filter-chain protocol, with the policies of its
 * istiod's cluster; one per compile and Deployment (`SimContext.deploymentAuthorizers`).
 */
function serverAuthorizer(
  ctx: SimContext,
  server: Workload,
  enforcer: "sidecar" | "ztunnel",
  protocol: "http" | "tcp",
): Authorizer {
  const authorizers = getOrCreate(ctx.serverAuthorizers, server, () =>
    ctx.deploymentAuthorizers.get([server.labels, server.cluster, server.namespace], () => ({})),
  );
  const chains = (authorizers[enforcer] ??= {});
  return (chains[protocol] ??= authorizerFor({
    resources: ctx.planeFor(server.cluster)?.configCluster.resources ?? [],
    // What attachment reads of the server; one object per authorizer, so authorize's memo keys stay cheap.
    workload: { namespace: server.namespace, labels: server.labels },
    enforcer,
    rootNamespace: ctx.mesh.rootNamespace,
    trustDomain: ctx.mesh.trustDomain,
    trustDomainAliases: ctx.mesh.trustDomainAliases,
    protocol,
  }));
}

/**
 * Records an authorization decision on the current hop (the effective PeerAuthentication, then
 * the deciding policy) and fails the flow when it denies: plaintext refused by STRICT mTLS, HTTP
 * 403 `RBAC: access denied` on L7 chains, a reset on L4 ones. Shared by every enforcer (sidecar,
 * ztunnel, waypoint).
 */
export function recordAuthz(
  flow: Flow,
  decision: AuthzDecision,
  chain: { readonly port: number; readonly protocol: "http" | "tcp"; readonly mtls: boolean },
): void {
  if (decision.peerAuthentication) {
    const pa = decision.peerAuthentication;
    const source =
      "policy" in pa.source && pa.source.policy
        ? `${pa.source.scope} policy ${pa.source.policy}`
        : "Istio's default";
    flow.decide(
      "peer-authn",
      `PeerAuthentication ${pa.mode}`,
      `effective for port ${chain.port} (${source}); connection is ${chain.mtls ? "mTLS" : "plaintext"}`,
    );
  }
  const deciding = decision.deciding
    ? ` (${decision.deciding.action} ${decision.deciding.policy}, rule ${decision.deciding.ruleIndex})`
    : "";
  flow.decide("authz", `${decision.decision}${deciding}`, decision.reason);
  if (decision.decision === "DENY") {
    const paRejected =
      decision.deciding === undefined && decision.peerAuthentication?.mode === "STRICT" && !chain.mtls;
    if (paRejected) flow.fail("PLAINTEXT_REJECTED", decision.reason);
    else
      flow.fail(
        chain.protocol === "http" ? "AUTHZ_DENIED_HTTP" : "AUTHZ_DENIED_TCP",
        `${decision.reason}${deciding}`,
      );
  }
}
