import { istioObjects, type KubeObject, type Mesh } from "@meshwright/core";

/** The label keys rules read, split by the side of the request that reads them. */
export interface RuleLabelKeys {
  /**
   * Read from the *client's* labels: Sidecar and DestinationRule `workloadSelector`s, VirtualService
   * match `sourceLabels`, and `failoverPriority` entries (matched against the client proxy's
   * augmented labels, istio-semantics §1.6).
   */
  readonly client: ReadonlySet<string>;
  /** Read from a *server's* labels: AuthorizationPolicy and PeerAuthentication selectors. */
  readonly policy: ReadonlySet<string>;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const keysOf = (value: unknown): string[] => (isObject(value) ? Object.keys(value) : []);

const field = (value: unknown, name: string): unknown => (isObject(value) ? value[name] : undefined);

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * Every `failoverPriority` entry below `value` (DestinationRule traffic policies nest them under
 * `loadBalancer`, `portLevelSettings` and subsets alike). An entry is `key` or `key=value`
 * (istio-semantics §1.6); only the key names a label.
 */
function failoverPriorityKeys(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) failoverPriorityKeys(item, out);
    return;
  }
  if (!isObject(value)) return;
  for (const [name, child] of Object.entries(value)) {
    if (name === "failoverPriority") {
      for (const entry of list(child)) if (typeof entry === "string") out.add(entry.split("=", 1)[0]!);
    } else failoverPriorityKeys(child, out);
  }
}

function addClientKeys(resources: readonly KubeObject[], out: Set<string>): void {
  for (const sidecar of istioObjects(resources, "Sidecar")) {
    for (const key of keysOf(field(field(sidecar.spec, "workloadSelector"), "labels"))) out.add(key);
  }
  for (const rule of istioObjects(resources, "DestinationRule")) {
    for (const key of keysOf(field(field(rule.spec, "workloadSelector"), "matchLabels"))) out.add(key);
    failoverPriorityKeys(rule.spec, out);
  }
  for (const service of istioObjects(resources, "VirtualService")) {
    for (const section of ["http", "tcp", "tls"]) {
      for (const route of list(field(service.spec, section))) {
        for (const match of list(field(route, "match"))) {
          for (const key of keysOf(field(match, "sourceLabels"))) out.add(key);
        }
      }
    }
  }
}

function addPolicyKeys(resources: readonly KubeObject[], out: Set<string>): void {
  const selected = [
    ...istioObjects(resources, "AuthorizationPolicy"),
    ...istioObjects(resources, "PeerAuthentication"),
  ];
  for (const policy of selected) {
    for (const key of keysOf(field(field(policy.spec, "selector"), "matchLabels"))) out.add(key);
  }
}

/** Collects the label keys every cluster's rules read (and the MeshConfig `failoverPriority` labels). */
export function ruleLabelKeys(mesh: Mesh): RuleLabelKeys {
  const client = new Set<string>();
  const policy = new Set<string>();
  for (const cluster of mesh.clusters) {
    addClientKeys(cluster.resources, client);
    addPolicyKeys(cluster.resources, policy);
    failoverPriorityKeys(cluster.effectiveMeshConfig.localityLbSetting, client);
  }
  return { client, policy };
}
