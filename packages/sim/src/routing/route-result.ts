import type { DiagnosticCode } from "@meshwright/core";
import { ROUTING_CODES, type RoutingCodeName } from "./codes";

/** The client proxy a routing decision is made for (a subset of `ProxyView`; labels are augmented). */
export interface RoutingProxy {
  readonly namespace: string;
  /** Workload labels plus topology labels (`topology.istio.io/cluster`, ...), istio-semantics §0. */
  readonly labels: Readonly<Record<string, string>>;
}

/** A request as the client's sidecar receives it. */
export interface RouteRequest {
  /** `http` (L7 routing), `tls` (routed by SNI) or `tcp` (opaque). Default `http`. */
  readonly protocol?: "http" | "tls" | "tcp";
  /** The `:authority` (Host header) exactly as sent, e.g. `reviews:9080` or `helloworld.sample:5000`. */
  readonly authority: string;
  /** The destination port the client connects to. */
  readonly port: number;
  /** The destination IP the client connects to (what DNS returned), for VIP listeners and destinationSubnets. */
  readonly destinationAddress?: string;
  /** TLS SNI (for `tls`; defaults to the authority's host). */
  readonly sni?: string;
  readonly method?: string;
  /** Path with query string, default `/`. */
  readonly path?: string;
  readonly scheme?: string;
  /** Request headers (names are matched case-insensitively). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Distinguishes otherwise identical requests for the seeded pick (e.g. the request number). */
  readonly requestKey?: string;
}

/** One row of a route's weight table. */
export interface RouteDestination {
  readonly host: string;
  readonly subset?: string;
  readonly port: number;
  /** The weight as Envoy gets it (100 for a single destination). */
  readonly weight: number;
  /** weight / Σ weights: the expected share of requests. */
  readonly share: number;
  /** Envoy cluster name `outbound|<port>|<subset>|<host>`. */
  readonly cluster: string;
  /** False when istiod builds no such cluster (unknown host, port or subset): Envoy answers 503 NC. */
  readonly clusterExists: boolean;
  /** Why the cluster is missing, when it is. */
  readonly missingReason?: string;
}

/** How the request ends at the client sidecar's router. */
export type RouteOutcome =
  | "forward"
  | "passthrough"
  | "blackhole"
  | "route-not-found"
  | "cluster-not-found"
  | "direct-response"
  | "redirect"
  | "fault-abort";

/** A failure (or terminal answer) with what the user sees. */
export interface RouteFailure {
  readonly code: DiagnosticCode;
  readonly name: RoutingCodeName;
  /** What curl shows. */
  readonly symptom: string;
  readonly fix: string;
}

/** The routing decision for one request. */
export interface RouteResult {
  readonly outcome: RouteOutcome;
  readonly protocol: "http" | "tls" | "tcp";
  /** The registry service whose virtual host / listener handled the request. */
  readonly service?: { readonly hostname: string; readonly namespace: string };
  /** The VirtualService that owns it, if any (`Kind/namespace/name`). */
  readonly virtualService?: string;
  /** The matched route: index in the (merged) list, its name, the match index within it. */
  readonly route?: {
    readonly index: number;
    readonly name?: string;
    readonly matchIndex?: number;
    readonly origin?: string;
  };
  /** The full weight table (empty for terminal outcomes). */
  readonly destinations: readonly RouteDestination[];
  /** The destination the seeded pick chose for this request. */
  readonly picked?: RouteDestination;
  /** The response the sidecar itself sends (direct response, redirect, abort, local errors). */
  readonly response?: { readonly status: number; readonly body?: string; readonly location?: string };
  readonly failure?: RouteFailure;
  /** Every decision, in order, with the Istio rule behind it. */
  readonly explanation: readonly string[];
}

/** A failure of a catalogued code with its symptom. */
export function routeFailure(name: RoutingCodeName, symptom: string, fix?: string): RouteFailure {
  const entry = ROUTING_CODES[name];
  return { code: entry.code, name, symptom, fix: fix ?? entry.fix };
}

/** The Envoy cluster name of a destination (`model.BuildSubsetKey`). */
export function clusterName(host: string, port: number, subset?: string): string {
  return `outbound|${port}|${subset ?? ""}|${host}`;
}
