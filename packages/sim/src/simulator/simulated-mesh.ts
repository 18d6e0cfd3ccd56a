import {
  getOrCreate,
  lazyProperty,
  type Mesh,
  MeshwrightError,
  memoizeWeak,
  type Workload,
} from "@meshwright/core";
import { augmentLabels } from "../compile/topology-labels";
import type { DnsClient, DnsResolution } from "../dns";
import { RequestPicks } from "../request/seeded-pick";
import { parseTarget, type RequestTarget } from "../request/target";
import { resolveWorkloadRef } from "../request/workload-ref";
import type { EndpointTable } from "../trace/endpoint-table";
import type { DistributionSummary, RequestInput, Trace } from "../trace/trace";
import { ambientOutbound } from "./ambient-outbound";
import { BoundedMemo } from "./bounded-memo";
import { type CompileOptions, SimContext } from "./context";
import { Flow } from "./flow";
import { plainOutbound } from "./plain-outbound";
import { distributionOf, endpointTableOf, type QueryStart } from "./queries";
import { type OutboundResult, sidecarOutbound } from "./sidecar-outbound";

/**
 * A mesh compiled for simulation: indexes built once, every query answered by lookups and the rule
 * functions, offline and deterministically (same seed, same answers).
 */
export class SimulatedMesh {
  /** @internal */
  readonly ctx: SimContext;
  /** Parsed `from` and `to` strings and DNS clients, memoised: callers repeat the same few. */
  private readonly workloadRefs = new BoundedMemo<Workload>(4096);
  private readonly targets = new BoundedMemo<RequestTarget>(4096);
  private readonly dnsClients = new WeakMap<Workload, DnsClient>();

  constructor(mesh: Mesh, options: CompileOptions = {}) {
    this.ctx = new SimContext(mesh, options);
  }

  get mesh(): Mesh {
    return this.ctx.mesh;
  }

  /**
   * What happens to one request from a workload to a URL, hop by hop: DNS, the client proxy's
   * routing and endpoint choice, every gateway and tunnel, the server side's PeerAuthentication and
   * AuthorizationPolicy, and the outcome with the symptom the user would see.
   * Throws `MeshwrightError` (MW5100/MW5101) when `from` or `to` cannot be understood.
   */
  request(input: RequestInput): Trace {
    const ctx = this.ctx;
    const source = this.workload(input.from);
    const target = this.target(input.to);
    const method = input.method ?? "GET";
    const flow = new Flow();
    const { dns, proxy, plane } = this.plan(source, target);
    flow.decide("dns", dnsSummary(dns), dns.reason);
    let result: OutboundResult = {};
    if (dns.status !== "ok" || dns.addresses.length === 0) {
      flow.failWith({
        code: dns.failure?.code ?? "MW4001",
        name: dns.status === "nodata" ? "DNS_NODATA" : "DNS_NXDOMAIN",
        symptom: dns.failure?.symptom ?? `curl: (6) Could not resolve host: ${target.host}`,
        reason: dns.reason,
        fix: dns.failure?.fix ?? "Create the Service in the client's cluster, or enable DNS capture.",
      });
    } else {
      const requestKey = input.requestKey ?? "0";
      const req = {
        target,
        address: dns.addresses[0]!,
        method,
        headers: input.headers ?? {},
        requestKey,
        picks: new RequestPicks(ctx.seed, source.id, target.text, requestKey),
      };
      if (!proxy) result = plainOutbound(ctx, flow, source, req);
      else if (!plane) {
        flow.failWith({
          code: "MW5012",
          name: "NO_CONTROL_PLANE",
          symptom: "the pod's proxy never becomes ready (no istiod serves its cluster)",
          reason: `${source.cluster} is a remote cluster whose primary is not in the mesh`,
          fix: "Point controlPlane.remoteOf at a primary cluster of the mesh.",
        });
      } else if (proxy.kind === "ztunnel") {
        result = ambientOutbound(ctx, flow, { workload: source, proxy: proxy.view, plane }, req, dns.service);
      } else {
        result = sidecarOutbound(ctx, flow, { workload: source, proxy: proxy.view, plane }, req);
      }
    }
    const { hops, outcome } = flow.result();
    const trace: Trace = {
      request: {
        from: input.from,
        to: input.to,
        method,
        host: target.host,
        port: target.port,
        path: target.path,
      },
      source: traceSource(source),
      outcome,
      symptom: outcome.ok ? successSymptom(target, result) : outcome.symptom,
      hops,
      ...(result.endpoint ? { endpoint: result.endpoint } : {}),
      faults: ctx.faults.described,
    };
    // The distribution over every endpoint is worth computing only when read (see lazyProperty).
    return result.distribution ? lazyProperty(trace, "distribution", result.distribution) : trace;
  }

  /**
   * The share of requests each workload (and each cluster / locality) receives from `from` for
   * host:port: routing weights × the client proxy's load balancing × each gateway's.
   */
  distribution(from: string, host: string, port: number): DistributionSummary {
    return distributionOf(this.ctx, this.start(from, host), host, port);
  }

  /**
   * The endpoints `proxy`'s sidecar (Envoy EDS, as `istioctl proxy-config endpoints` shows them) or
   * ztunnel (WDS workloads) holds for host:port.
   */
  endpoints(proxy: string, host: string, port: number): EndpointTable {
    return endpointTableOf(this.ctx, this.start(proxy, host), host, port);
  }

  /** Resolves the workload, its proxy and istiod, and what DNS answers it for `host`. */
  private start(from: string, host: string): QueryStart {
    const workload = this.workload(from);
    const { dns, proxy, plane } = this.plan(workload, this.target(host));
    const caller = proxy && plane ? { workload, proxy: proxy.view, plane } : undefined;
    if (proxy && !plane) return { workload, blocked: `no istiod serves ${workload.cluster}` };
    if (dns.status !== "ok") return { workload, ...(caller ? { caller } : {}), blocked: dns.reason };
    return {
      workload,
      ...(caller ? { caller } : {}),
      ...(dns.service ? { serviceKey: dns.service } : {}),
      ...(dns.addresses[0] ? { address: dns.addresses[0] } : {}),
    };
  }

  /** What every request from `source` to `target` shares, kept per (source, target). */
  private plan(source: Workload, target: RequestTarget): RequestPlan {
    return this.ctx.memos.requestPlans.get([source, target], () => ({
      dns: this.resolve(source, target),
      proxy: this.ctx.proxyOf(source),
      plane: this.ctx.planeFor(source.cluster),
    }));
  }

  private workload(ref: string): Workload {
    return this.workloadRefs.get(ref, () => this.findWorkload(ref));
  }

  private findWorkload(ref: string): Workload {
    const found = resolveWorkloadRef(this.ctx.mesh, ref);
    if ("error" in found) {
      throw new MeshwrightError([
        {
          code: "MW5100",
          severity: "error",
          message: found.error,
          path: "$.from",
          expected: "<cluster>/<namespace>/<name>",
          found: ref,
        },
      ]);
    }
    return found;
  }

  private target(text: string): RequestTarget {
    return this.targets.get(text, () => parsedTarget(text));
  }

  private resolve(source: Workload, target: RequestTarget): DnsResolution {
    const client = getOrCreate(this.dnsClients, source, () => ({
      cluster: source.cluster,
      namespace: source.namespace,
      dataplane: source.dataplane,
      labels: augmentLabels(source.labels, source),
      network: source.network,
      ipFamilies: this.ctx.clusterOf(source).ipFamilies,
      // ECS tasks have no Kubernetes resolv.conf: names resolve as written, through their ztunnel.
      ...(source.kind === "EcsTask" ? { resolvConf: { search: [], ndots: 1 } } : {}),
    }));
    return this.ctx.dns.resolve(target.host, client);
  }
}

/** What every request from one workload to one URL shares: the DNS answer, the proxy and its istiod. */
export interface RequestPlan {
  readonly dns: DnsResolution;
  readonly proxy: ReturnType<SimContext["proxyOf"]>;
  readonly plane: ReturnType<SimContext["planeFor"]>;
}

/** Compiles a mesh for simulation (see `SimulatedMesh`). */
export function compile(mesh: Mesh, options: CompileOptions = {}): SimulatedMesh {
  return new SimulatedMesh(mesh, options);
}

// Parts of a trace that are the same for every request of a workload or a compile, made once.
const traceSource = memoizeWeak((source: Workload): Trace["source"] =>
  Object.freeze({
    workload: source.id,
    cluster: source.cluster,
    network: source.network,
    identity: source.identity,
    dataplane: source.dataplane,
  }),
);

/** The DNS hop's summary line, once per (cached) resolution: `dns.name` is the host asked. */
const dnsSummary = memoizeWeak((dns: DnsResolution): string => {
  const host = dns.name;
  return dns.status === "ok"
    ? `${host} → ${dns.addresses.join(", ")} (${dns.answeredBy ?? "resolver"}${dns.resolvedName && dns.resolvedName !== host ? `, as ${dns.resolvedName}` : ""})`
    : `${host}: ${dns.status.toUpperCase()} (${dns.answeredBy ?? "resolver"})`;
});

function successSymptom(target: RequestTarget, result: OutboundResult): string {
  const by = result.endpoint ? ` from ${result.endpoint.workload}` : "";
  return target.scheme === "http" ? `HTTP 200${by}` : `connected${by}`;
}

/** A URL the request names, parsed; MW5101 when it is not one. */
function parsedTarget(text: string): RequestTarget {
  const parsed = parseTarget(text);
  if ("error" in parsed) {
    throw new MeshwrightError([
      {
        code: "MW5101",
        severity: "error",
        message: parsed.error,
        path: "$.to",
        expected: "a URL such as http://svc.ns:8080/path",
        found: text,
      },
    ]);
  }
  return parsed;
}
