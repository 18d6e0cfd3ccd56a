import type { Workload } from "@meshwright/core";
import { authorize } from "../authz/authorize";
import type { AuthzDecision, Enforcer } from "../authz/decision";
import type { AuthzRequest } from "../authz/request";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import type { HopDecision, HopProtocol } from "../trace/hop";
import type { Trace } from "../trace/trace";

/** The authorization decision at the server side of a traced request, in full. */
export interface AuthzExplanation {
  /** Index of the hop (proxy → application) the decision was taken at. */
  readonly hop: number;
  /** The server workload and the proxy enforcing for it. */
  readonly server: string;
  readonly enforcer: Enforcer;
  /** The request as the enforcing proxy saw it. */
  readonly request: AuthzRequest;
  /** The decision: verdict, deciding rule, every applied policy, PeerAuthentication, dry-run shadows, notes. */
  readonly decision: AuthzDecision;
  /** The `authz` decision recorded in the trace. */
  readonly traced: HopDecision;
  /** True when the full decision has the trace's verdict (it always should; a mismatch is reported, not hidden). */
  readonly consistent: boolean;
}

const SPIFFE = "spiffe://";
/** Protocols of hops that arrive as Istio mTLS (HBONE included). */
const MUTUAL_TLS: ReadonlySet<HopProtocol> = new Set<HopProtocol>(["mTLS", "HBONE", "double HBONE"]);

/** `host:port` → port (IPv6 hosts keep their colons). */
const portOf = (address: string): number => Number(address.slice(address.lastIndexOf(":") + 1));
const hostOf = (address: string): string => address.slice(0, address.lastIndexOf(":"));

/** The index of the hop carrying the trace's `authz` decision, if the request got that far. */
export function authzHop(trace: Trace): number | undefined {
  const index = trace.hops.findIndex((h) => h.decisions.some((d) => d.kind === "authz"));
  return index < 0 ? undefined : index;
}

/**
 * The full AuthorizationPolicy / PeerAuthentication decision behind a trace's `authz` decision: the
 * request as the server's proxy saw it is read back from the trace (the peer identity when the
 * previous hop was mTLS / HBONE, the east-west gateway's address as the peer after a gateway, the
 * workload port, HTTP attributes on an HTTP hop; istio-semantics §2.10), and the authz module decides
 * it again with the policies of the server's istiod (`authorize`), which also lists every applied
 * policy, the dry-run shadows and the notes the trace leaves out.
 */
export function explainAuthorization(
  sim: SimulatedMesh,
  trace: Trace,
  headers: Readonly<Record<string, string>> = {},
): AuthzExplanation | undefined {
  const hop = authzHop(trace);
  if (hop === undefined) return undefined;
  const step = trace.hops[hop]!;
  const traced = step.decisions.find((d) => d.kind === "authz")!;
  const index = sim.ctx.index;
  const server: Workload | undefined = index.workloads.get(step.to.id);
  if (!server || server.dataplane === "none") return undefined;
  const enforcer: Enforcer = server.dataplane === "sidecar" ? "sidecar" : "ztunnel";
  const previous = trace.hops[hop - 1];
  const mtls = previous !== undefined && MUTUAL_TLS.has(previous.protocol);
  const gateway = [...trace.hops.slice(0, hop)].reverse().find((h) => h.to.role === "eastwest-gateway");
  const client = index.workloads.get(trace.source.workload);
  const sourceIp = gateway ? hostOf(gateway.to.address) : (client?.ips[0] ?? "");
  const protocol = enforcer === "ztunnel" || step.protocol !== "HTTP" ? "tcp" : "http";
  const { host, port, method, path } = trace.request;
  const request: AuthzRequest = {
    source: {
      ...(mtls && trace.source.identity.startsWith(SPIFFE)
        ? { principal: trace.source.identity.slice(SPIFFE.length) }
        : {}),
      ip: sourceIp,
      mtls,
    },
    destination: {
      ip: server.ips[0] ?? "",
      port: portOf(step.to.address),
      ...(mtls && previous?.sni ? { sni: previous.sni } : {}),
    },
    protocol,
    ...(protocol === "http"
      ? { http: { method, path: path || "/", host: port === 80 ? host : `${host}:${port}`, headers } }
      : {}),
  };
  const decision = authorize({
    resources: sim.ctx.planeFor(server.cluster)?.configCluster.resources ?? [],
    workload: { namespace: server.namespace, labels: server.labels },
    enforcer,
    rootNamespace: sim.mesh.rootNamespace,
    trustDomain: sim.mesh.trustDomain,
    trustDomainAliases: sim.mesh.trustDomainAliases,
    protocol,
    request,
  });
  return {
    hop,
    server: server.id,
    enforcer,
    request,
    decision,
    traced,
    consistent: traced.decision.startsWith(decision.decision),
  };
}
