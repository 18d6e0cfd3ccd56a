import type { Cluster, Workload } from "@meshwright/core";
import type { SimulatedMesh } from "../simulator/simulated-mesh";
import { ClientRelevance } from "./client-relevance";
import { IdentitySignature, PolicyValueIndex, withoutTrustDomain } from "./identity-signature";
import { addressMembership } from "./source-addresses";
import type { MatrixDestination, WorkloadClass } from "./types";
import type { ClassingRules } from "./workload-classes";
import { readLabels } from "./workload-classes";

/** What the keys need of each class, computed once, as small integers. */
interface ClassFacts {
  /** Index of the class's cluster in `clusters`. */
  readonly cluster: number;
  readonly namespace: string;
  readonly namespaceId: number;
  /** Identity without `spiffe://`, and its index. */
  readonly principal: string;
  /** The principal without its trust domain. */
  readonly bare: string;
  readonly principalId: number;
  /** Client-side attributes without, and with, the topology (locality and node). */
  readonly baseId: number;
  readonly topologyId: number;
  readonly addressId: number;
}

/** Gives each distinct string a small integer. */
class Interner {
  private readonly ids = new Map<string, number>();

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }

  get size(): number {
    return this.ids.size;
  }

  /** The strings, by id. */
  values(): string[] {
    return [...this.ids.keys()];
  }
}

/**
 * Keys that group source classes into *situations* per destination: classes whose requests to the
 * destination no rule tells apart. Two classes share a situation when they share the client-side
 * attributes (cluster, kind, dataplane, network, client-read labels; the namespace and locality only
 * where `ClientRelevance` says they matter) and the destination's AuthorizationPolicies cannot tell
 * their identities or addresses apart (`IdentitySignature`). One request then answers for all of them.
 */
export class SituationKeys {
  private readonly facts: readonly ClassFacts[];
  private readonly clusters: readonly string[];
  private readonly relevance: ClientRelevance;
  private readonly policies: PolicyValueIndex;
  private readonly configCluster = new Map<string, Cluster | undefined>();
  /** Radixes of the packed key: attribute ids, namespaces, principals, address memberships (each + 1 for "any"). */
  private readonly radix: { readonly n: number; readonly p: number; readonly a: number };
  /** Packed keys overflowing 2^53 (astronomically large meshes) are interned instead. */
  private readonly packable: boolean;
  private readonly overflow = new Interner();

  /**
   * @param basis the keys of another simulation with the same classes, classing rules and
   * workloads (a what-if's "before"): the per-class facts, which read only those, are taken from it.
   */
  constructor(
    private readonly sim: SimulatedMesh,
    rules: ClassingRules,
    readonly classes: readonly WorkloadClass[],
    basis?: SituationKeys,
  ) {
    const mesh = sim.mesh;
    const planeOf = (cluster: string) => this.configClusterOf(cluster);
    this.relevance = new ClientRelevance(mesh, planeOf);
    this.policies = new PolicyValueIndex(mesh.rootNamespace, planeOf);
    if (basis) {
      ({ facts: this.facts, clusters: this.clusters, radix: this.radix, packable: this.packable } = basis);
      return;
    }
    const workloads = sim.ctx.index.workloads;
    const attributes = new Interner();
    const namespaces = new Interner();
    const principals = new Interner();
    const addresses = new Interner();
    const clusters = new Interner();
    this.facts = classes.map((c) => {
      const first = workloads.get(c.representative)!;
      const base = [
        c.cluster,
        c.kind,
        c.dataplane,
        c.network,
        JSON.stringify(readLabels(first, rules.clientLabelKeys)),
      ].join("|");
      const principal = c.identity.replace(/^spiffe:\/\//, "");
      return {
        cluster: clusters.id(c.cluster),
        namespace: c.namespace,
        namespaceId: namespaces.id(c.namespace),
        principal,
        bare: withoutTrustDomain(principal),
        principalId: principals.id(principal),
        baseId: attributes.id(base),
        topologyId: attributes.id(`${base}|${c.locality}|${c.node ?? ""}`),
        addressId: addresses.id(addressMembership(rules.addressRanges, first.ips[0])),
      };
    });
    this.clusters = clusters.values();
    this.radix = { n: namespaces.size + 1, p: principals.size + 1, a: addresses.size + 1 };
    this.packable =
      (attributes.size + 1) * this.radix.n * this.radix.p * this.radix.a < Number.MAX_SAFE_INTEGER;
  }

  /** The config cluster of the istiod serving `cluster` (undefined for a remote without a primary). */
  configClusterOf(cluster: string): Cluster | undefined {
    if (!this.configCluster.has(cluster)) {
      this.configCluster.set(cluster, this.sim.ctx.planeFor(cluster)?.configCluster);
    }
    return this.configCluster.get(cluster);
  }

  /** The workloads that can serve `host`: every declaration's selected workloads. */
  servers(host: string): Workload[] {
    const index = this.sim.ctx.index;
    return index.servicesNamed(host).flatMap((s) => index.selectedWorkloads(s));
  }

  /** One packed key: equal keys, same situation. */
  private pack(attribute: number, namespace: number, principal: number, address: number): number {
    const { n, p, a } = this.radix;
    if (this.packable) return ((attribute * n + namespace) * p + principal) * a + address;
    return this.overflow.id(`${attribute},${namespace},${principal},${address}`);
  }

  /** The situation key of every class (in class order) for one destination. */
  keysFor(destination: MatrixDestination): Float64Array {
    const signature = new IdentitySignature(this.policies.valuesFor(this.servers(destination.host)));
    const checkIdentity = !signature.empty;
    const readsAddresses = signature.values.readsAddresses;
    const scopes = this.clusters.map((cluster) => ({
      namespaces: this.relevance.namespaces(cluster, destination),
      topology: this.relevance.topology(cluster, destination),
    }));
    const keys = new Float64Array(this.facts.length);
    this.facts.forEach((f, i) => {
      const scope = scopes[f.cluster]!;
      keys[i] = this.pack(
        scope.topology ? f.topologyId : f.baseId,
        scope.namespaces.has(f.namespace) ? f.namespaceId + 1 : 0,
        checkIdentity && signature.mentions(f.principal, f.namespace, f.bare) ? f.principalId + 1 : 0,
        readsAddresses ? f.addressId + 1 : 0,
      );
    });
    return keys;
  }
}
