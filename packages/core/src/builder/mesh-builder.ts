import type { Diagnostic } from "../diagnostics/diagnostic";
import { hasErrors, MeshwrightError } from "../diagnostics/diagnostic";
import { createMesh } from "../model/create-mesh";
import { applySpecDefaults } from "../model/derive/spec-defaults";
import type { MeshSpecInput } from "../model/derive/spec-input";
import type { Flavour, IstioVersion, Mesh, MeshSpec } from "../model/mesh";
import type { MeshConfigModel } from "../model/mesh-config";
import { ClusterBuilder } from "./cluster-builder";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What `meshBuilder` starts from: the mesh id, and optionally the mesh-wide settings. */
export type MeshBuilderOptions = Pick<MeshSpecInput, "meshId"> &
  Partial<
    Pick<MeshSpecInput, "flavour" | "istioVersion" | "trustDomain" | "trustDomainAliases" | "rootNamespace">
  >;

/**
 * Fluent, immutable builder of a Mesh in code: the same model `loadMesh` produces from YAML,
 * through the same defaults (`applySpecDefaults`) and the same `createMesh`.
 */
export class MeshBuilder {
  private readonly input: MeshSpecInput;

  /** A builder continuing from `input`. */
  constructor(input: MeshSpecInput) {
    this.input = input;
  }

  private with(change: Partial<Mutable<MeshSpecInput>>): MeshBuilder {
    return new MeshBuilder({ ...this.input, ...change });
  }

  /** Lists a network (every network a cluster or gateway names must be listed). */
  network(name: string): MeshBuilder {
    return this.with({ networks: [...(this.input.networks ?? []), name] });
  }

  /**
   * Adds cluster `name`, configured by `configure` (which returns the configured builder);
   * adding a name again replaces that cluster in place.
   */
  cluster(name: string, configure: (cluster: ClusterBuilder) => ClusterBuilder = (c) => c): MeshBuilder {
    const cluster = configure(new ClusterBuilder(name)).toInput();
    const clusters = [...(this.input.clusters ?? [])];
    const existing = clusters.findIndex((c) => c.name === cluster.name);
    if (existing >= 0) clusters[existing] = cluster;
    else clusters.push(cluster);
    return this.with({ clusters });
  }

  /** Mesh-wide MeshConfig settings (merged with earlier calls). */
  meshConfig(config: Partial<MeshConfigModel>): MeshBuilder {
    return this.with({ meshConfig: { ...this.input.meshConfig, ...config } });
  }

  /** The trust domain (default `cluster.local`). */
  trustDomain(
    trustDomain: string,
    aliases: readonly string[] = this.input.trustDomainAliases ?? [],
  ): MeshBuilder {
    return this.with({ trustDomain, trustDomainAliases: aliases });
  }

  /** The Istio version whose rules apply. */
  istioVersion(version: IstioVersion): MeshBuilder {
    return this.with({ istioVersion: version });
  }

  /** Upstream Istio or the Solo distribution. */
  flavour(flavour: Flavour): MeshBuilder {
    return this.with({ flavour });
  }

  /** MeshConfig rootNamespace (default `istio-system`). */
  rootNamespace(namespace: string): MeshBuilder {
    return this.with({ rootNamespace: namespace });
  }

  /** The declared input as built so far. */
  toInput(): MeshSpecInput {
    return this.input;
  }

  /** The complete MeshSpec (defaults applied). */
  spec(): MeshSpec {
    return applySpecDefaults(this.input);
  }

  /** The Mesh model and every diagnostic (never throws on bad input). */
  build(): { mesh: Mesh; diagnostics: Diagnostic[] } {
    return createMesh(this.spec());
  }

  /** The Mesh model; throws a `MeshwrightError` carrying every diagnostic when any is an error. */
  buildOrThrow(): Mesh {
    const { mesh, diagnostics } = this.build();
    if (hasErrors(diagnostics)) throw new MeshwrightError(diagnostics);
    return mesh;
  }
}

/** Starts a mesh: `meshBuilder({ meshId: "mesh1", flavour: "solo" }).network("network1").cluster(...)`. */
export function meshBuilder(options: MeshBuilderOptions): MeshBuilder {
  return new MeshBuilder(options);
}
