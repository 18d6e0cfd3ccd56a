/** The seed scenarios, by the number of the guide they come from (`shared/seeds/00N_*.md`). */
export type SeedId = "000" | "001" | "002" | "003" | "004";

/** What a request the seed makes should end in, as the seed states it. */
export interface ExpectedResult {
  readonly outcome: "success" | "failure";
  /**
   * The workloads that answer, as `<cluster>/<namespace>/<controller>` (for a success). Several entries
   * mean the seed expects responses from each of them over repeated requests.
   */
  readonly servedBy?: readonly string[];
  /** What the user sees when it fails (for a failure), in the seed's words. */
  readonly symptom?: string;
  /** The seed's own description of the expected result. */
  readonly text: string;
}

/** One request the seed makes to check its mesh, e.g. a `kubectl exec ... -- curl URL`. */
export interface SeedCall {
  /** Stable id, unique within the seed. */
  readonly id: string;
  /** Where in the seed the call is made (section title). */
  readonly step: string;
  /** The stage of the mesh the call runs against (see `SeedStage`); absent = the mesh file as it is. */
  readonly stage?: string;
  /**
   * The calling workload as `<cluster>/<namespace>/<name>`, where name is a controller (Deployment,
   * ECS service) or pod name: the form `@meshwright/sim` resolves.
   */
  readonly from: string;
  /** The URL exactly as the seed passes it to curl. */
  readonly url: string;
  readonly expected: ExpectedResult;
  /**
   * What meshwright's Istio rules (the mesh's `istioVersion`) predict when it differs from what the seed
   * reports (seeds ran older Istio versions); the reason is in `note`. Tests assert this when present.
   */
  readonly simulated?: ExpectedResult;
  /** What the sources leave open or get wrong about this call, when anything. */
  readonly note?: string;
}

/** A manifest file, relative to the seed's directory, as listed for one cluster in the mesh file. */
export interface ClusterManifest {
  readonly cluster: string;
  readonly file: string;
}

/**
 * A point in the seed's walkthrough that differs from its mesh file: manifests applied later (added to a
 * cluster's `manifests`) or not yet applied (removed from it). The mesh file itself is the seed's end
 * state; stages reproduce the states the seed's earlier or temporary checks run against.
 */
export interface SeedStage {
  readonly name: string;
  readonly description: string;
  readonly add: readonly ClusterManifest[];
  readonly remove: readonly ClusterManifest[];
}

/** One seed scenario: where its mesh is, what it demonstrates and what it checks. */
export interface SeedEntry {
  readonly id: SeedId;
  /** Directory name under `meshes/`: `seed-<id>-<slug>`. */
  readonly directory: string;
  readonly title: string;
  /** The guide and the public sources the mesh was reproduced from. */
  readonly sources: readonly string[];
  /** What the scenario shows, one point per entry. */
  readonly demonstrates: readonly string[];
  readonly stages: readonly SeedStage[];
  readonly calls: readonly SeedCall[];
}
