import type { Hop } from "./hop";
import type { Outcome } from "./outcome";

/** A request to simulate: from a workload, to a URL, as `curl` in that workload's pod would send it. */
export interface RequestInput {
  /** `<cluster>/<namespace>/<pod, controller or app name>`. */
  readonly from: string;
  /** URL as curl takes it: `http://helloworld.sample:5000/hello`, `helloworld.sample:5000`, `tcp://db:5432`. */
  readonly to: string;
  /** HTTP method (default GET). */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Distinguishes repeated requests for the seeded picks (`curl` in a loop: 1, 2, 3...). */
  readonly requestKey?: string;
}

/** The endpoint that served the request. */
export interface ServedBy {
  readonly workload: string;
  readonly cluster: string;
  readonly network: string;
  readonly address: string;
  readonly port: number;
  readonly identity: string;
  /** The east-west gateway it was reached through, if any (`<cluster>/<namespace>/<name>`). */
  readonly via?: string;
}

/** One row of a distribution: the share of requests a final workload receives. */
export interface ShareRow {
  readonly workload: string;
  readonly cluster: string;
  readonly network: string;
  readonly locality: string;
  readonly address: string;
  /** Envoy priority at the client (ztunnel: 0), of the endpoint or of the gateway standing for it. */
  readonly priority: number;
  readonly share: number;
  /** The east-west gateway the share passes through, if any. */
  readonly via?: string;
}

/** How requests from one client to one service spread over workloads, clusters and localities. */
export interface DistributionSummary {
  /** Who balances: Envoy (sidecar / gateway / waypoint), ztunnel, or kube-proxy (no mesh proxy). */
  readonly balancer: "envoy" | "ztunnel" | "kube-proxy";
  readonly rows: readonly ShareRow[];
  readonly byCluster: Readonly<Record<string, number>>;
  readonly byLocality: Readonly<Record<string, number>>;
  /** Each rule that shaped it, in order. */
  readonly explanation: readonly string[];
}

/**
 * What happens to one request, hop by hop: the outcome (success, or a failure with its code,
 * symptom and fix), the hops with every decision, the endpoint that served it, and the
 * distribution the client's proxy applies to this destination.
 */
export interface Trace {
  readonly request: {
    readonly from: string;
    readonly to: string;
    readonly method: string;
    readonly host: string;
    readonly port: number;
    readonly path: string;
  };
  readonly source: {
    readonly workload: string;
    readonly cluster: string;
    readonly network: string;
    readonly identity: string;
    readonly dataplane: "sidecar" | "ambient" | "none";
  };
  readonly outcome: Outcome;
  /** What the user sees: the failure's symptom, or the response on success. */
  readonly symptom: string;
  readonly hops: readonly Hop[];
  readonly endpoint?: ServedBy;
  readonly distribution?: DistributionSummary;
  /** The injected faults in effect. */
  readonly faults: readonly string[];
}
