import type { DataplaneMode, Diagnostic, Workload } from "@meshwright/core";

/**
 * Workloads no simulated rule can tell apart as request sources: same cluster, namespace, service
 * account (so the same SPIFFE identity), dataplane, network, locality, kind, and the same values of
 * every label a rule reads (plus the node and the source-address ranges, when a rule reads those).
 * Replicas of one Deployment on one zone are one class.
 */
export interface WorkloadClass {
  /** Stable descriptor of the shared attributes, e.g. `eks/default|sa=sleep|sidecar|network1|us-east-2/us-east-2a/`. */
  readonly id: string;
  /** Short human label: `<cluster>/<namespace>/<controllers>`. */
  readonly label: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** SPIFFE identity of every member. */
  readonly identity: string;
  readonly dataplane: DataplaneMode;
  readonly kind: Workload["kind"];
  readonly network: string;
  /** `region/zone/subzone`. */
  readonly locality: string;
  /** The node, when some rule reads it (internalTrafficPolicy Local, PreferSameNode, hostname labels). */
  readonly node?: string;
  /** Values of the labels rules read (topology labels included), by key; absent keys are unset. */
  readonly labels: Readonly<Record<string, string>>;
  /** Member workload ids, sorted. */
  readonly members: readonly string[];
  /** The member whose request stands for the class: the first ready one in id order. */
  readonly representative: string;
}

/** One service port of the mesh, as every client addresses it (services merged across clusters by name). */
export interface MatrixDestination {
  /** `<host>:<port>`. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** `<namespace>/<name>` of the service. */
  readonly service: string;
  /** How the request is sent, from the port's protocol (appProtocol or port name). */
  readonly protocol: "http" | "https" | "tcp";
  /** The URL a client calls: `http://<host>:<port>/`, `https://<host>:<port>` or `tcp://<host>:<port>`. */
  readonly url: string;
  /** Clusters declaring the service, in mesh order. */
  readonly clusters: readonly string[];
}

/** What one request from a class to a destination ends in. */
export interface CellOutcome {
  readonly ok: boolean;
  /** The failure's stable code and name, when it failed. */
  readonly code?: string;
  readonly name?: string;
  /** What the caller sees (curl / Envoy / ztunnel), when it failed. */
  readonly symptom?: string;
  /** Why it failed, citing the rule. */
  readonly reason?: string;
  /** Share of the client's requests each cluster receives (its balancer's distribution). */
  readonly servedBy: Readonly<Record<string, number>>;
}

/** One cell of the matrix. */
export interface MatrixCell extends CellOutcome {
  /** The source class id. */
  readonly source: string;
  /** The destination id (`<host>:<port>`). */
  readonly destination: string;
  /**
   * The workload whose simulated request gave this outcome. Classes that no rule of this
   * destination tells apart share one request (see docs/matrix-and-diff.md).
   */
  readonly sample: string;
}

/** The reachability matrix: the outcome for every (source class × destination service port). */
export interface ReachabilityMatrix {
  readonly classes: readonly WorkloadClass[];
  readonly destinations: readonly MatrixDestination[];
  /**
   * Destination-major: every class for the first destination, then the next. Made when first read
   * (a 50-cluster mesh has millions): read `totals` for the counts alone.
   */
  readonly cells: readonly MatrixCell[];
  /** How many cells there are, and how many succeeded and failed. */
  readonly totals: { readonly cells: number; readonly ok: number; readonly failed: number };
  /** Requests simulated to fill the cells (one per group of indistinguishable classes per destination). */
  readonly requests: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** Options of `reachabilityMatrix`. */
export interface MatrixOptions {
  /** Globs over member workload ids, `<cluster>/<namespace>/<controller>` refs or class ids (any member matching keeps the class). */
  readonly sources?: readonly string[];
  /** Globs over `<host>:<port>`, the host, or `<namespace>/<service>`. */
  readonly destinations?: readonly string[];
  /** Keep this many destinations, picked deterministically (seeded by the simulation's seed). */
  readonly sampleDestinations?: number;
  /** Called after each destination column: for progress displays. */
  readonly onProgress?: (done: number, total: number) => void;
}
