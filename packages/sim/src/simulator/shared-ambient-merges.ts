import { getOrCreate, type ServiceModel } from "@meshwright/core";
import {
  type AmbientRegistryCluster,
  type AmbientRegistryOptions,
  ambientKey,
  type RemoteMerge,
  remoteMerge,
  remoteMergeKey,
} from "../endpoints";
import type { MeshIndex } from "./mesh-index";

/**
 * The ambient index merges of one compile that istiods share: per declaration list (the mesh-order
 * list of a hostname's Services that `PlaneView.declarations` hands every istiod reading all of
 * them) and options key, the merge as an istiod declaring none of them holds it. An istiod whose
 * registry order is its own cluster then the others in mesh order takes it with `heldWith` instead
 * of merging the hostname's declarations in its own order: 50 istiods reading 50 clusters merge each
 * hostname once, not 50 times.
 *
 * Kept per compile, not on the list: a successor compile's index may keep a declaration list while
 * a namespace's labels (which decide a Service's scope) changed.
 */
export class SharedAmbientMerges {
  private readonly byList = new WeakMap<readonly ServiceModel[], Map<string, RemoteMerge>>();
  private readonly clusters = new Map<string, AmbientRegistryCluster>();

  constructor(private readonly index: MeshIndex) {}

  /** The remote merge of a non-empty mesh-order declaration list under `options`. */
  remote(declarations: readonly ServiceModel[], options: AmbientRegistryOptions): RemoteMerge {
    const byOptions = getOrCreate(this.byList, declarations, () => new Map<string, RemoteMerge>());
    return getOrCreate(byOptions, remoteMergeKey(options), () =>
      remoteMerge(
        ambientKey(declarations[0]!),
        declarations.map((service) => ({ cluster: this.registryCluster(service.cluster), service })),
        options,
      ),
    );
  }

  /**
   * Cluster `name` as the ambient index sees it (its network, Services and namespaces): one object
   * per cluster and compile, which every istiod's merges read (scope verdicts are kept per the
   * namespace list it holds).
   */
  registryCluster(name: string): AmbientRegistryCluster {
    return getOrCreate(this.clusters, name, () => {
      const c = this.index.cluster(name);
      return { cluster: c.name, network: c.network, services: c.services, namespaces: c.namespaces };
    });
  }
}
