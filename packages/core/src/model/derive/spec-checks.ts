import type { FindingDetails } from "../../diagnostics";
import type { Diagnostic } from "../../diagnostics/diagnostic";
import type { ClusterSpec, IpFamily } from "../cluster";
import type { MeshSpec } from "../mesh";
import { parseCidr } from "./cidr";
import { type DeriveCodeName, deriveDiagnostic } from "./codes";
import { isDns1123Label } from "./labels";
import { clusterPath } from "./paths";

type Report = (name: DeriveCodeName, details: FindingDetails) => void;

/** Names that occur more than once in `items`, with the index of each repeat. */
function repeats<T>(items: readonly T[], keyOf: (item: T) => string): { key: string; index: number }[] {
  const seen = new Set<string>();
  const out: { key: string; index: number }[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) out.push({ key, index });
    seen.add(key);
  });
  return out;
}

function checkClusterNames(spec: MeshSpec, report: Report): void {
  spec.clusters.forEach((cluster, i) => {
    if (!isDns1123Label(cluster.name)) {
      report("clusterNameInvalid", {
        message: `cluster name "${cluster.name}" is not a DNS-1123 label`,
        path: `${clusterPath(i)}.name`,
        expected:
          "lowercase letters, digits and '-', at most 63 characters, starting and ending alphanumeric",
        found: cluster.name,
        fix: `rename the cluster, e.g. "${
          cluster.name
            .toLowerCase()
            .replace(/[^a-z0-9-]/g, "-")
            .replace(/^-+|-+$/g, "") || "cluster-1"
        }"`,
      });
    }
  });
  for (const { key, index } of repeats(spec.clusters, (cluster) => cluster.name)) {
    report("clusterNameDuplicate", {
      message: `cluster name ${key} is used more than once`,
      path: `${clusterPath(index)}.name`,
      found: key,
      fix: "give every cluster its own name (istiod's multiCluster.clusterName must be unique)",
    });
  }
}

function checkNetworks(spec: MeshSpec, report: Report): void {
  for (const { key, index } of repeats(spec.networks, (network) => network.name)) {
    report("networkNameDuplicate", {
      message: `network ${key} is listed more than once`,
      path: `$.spec.networks[${index}].name`,
      found: key,
      fix: "list each network once",
    });
  }
  const declared = new Set(spec.networks.map((network) => network.name));
  const expected = [...declared].join(", ") || "(none listed)";
  spec.clusters.forEach((cluster, i) => {
    if (cluster.network === "") {
      report("clusterNetworkMissing", {
        message: `cluster ${cluster.name} has no network`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.network`,
        expected,
        fix: "set the cluster's network (values.global.network of its istiod)",
      });
    } else if (!declared.has(cluster.network)) {
      report("networkUndeclared", {
        message: `cluster ${cluster.name} is on network ${cluster.network}, which spec.networks does not list`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.network`,
        expected,
        found: cluster.network,
        fix: `add { name: ${cluster.network} } to spec.networks`,
      });
    }
    cluster.eastWestGateways.forEach((gateway, g) => {
      if (!declared.has(gateway.network)) {
        report("networkUndeclared", {
          message: `east-west gateway ${gateway.namespace}/${gateway.name} of cluster ${cluster.name} serves network ${gateway.network}, which spec.networks does not list`,
          cluster: cluster.name,
          path: `${clusterPath(i)}.eastWestGateways[${g}].network`,
          expected,
          found: gateway.network,
          fix: `add { name: ${gateway.network} } to spec.networks, or correct the gateway's network`,
        });
      }
    });
  });
}

function checkControlPlanes(spec: MeshSpec, report: Report): void {
  const byName = new Map(spec.clusters.map((cluster) => [cluster.name, cluster]));
  const primaries = spec.clusters.filter((c) => c.controlPlane.role === "primary").map((c) => c.name);
  spec.clusters.forEach((cluster, i) => {
    const plane = cluster.controlPlane;
    if (plane.role !== "remote") return;
    const path = `${clusterPath(i)}.controlPlane.primary`;
    const primary = byName.get(plane.primary);
    if (primary === undefined) {
      report("remotePrimaryUnknown", {
        message: `remote cluster ${cluster.name} names primary ${plane.primary}, which is not a cluster of the mesh`,
        cluster: cluster.name,
        path,
        expected: primaries.join(", ") || "(no primary cluster)",
        found: plane.primary,
        fix: "name an existing primary cluster in remoteOf",
      });
    } else if (primary.controlPlane.role !== "primary") {
      report("remotePrimaryNotPrimary", {
        message: `remote cluster ${cluster.name} names ${plane.primary} as its primary, but ${plane.primary} is itself a remote`,
        cluster: cluster.name,
        path,
        expected: primaries.join(", ") || "(no primary cluster)",
        found: plane.primary,
        fix: "point remoteOf at a cluster that runs its own istiod",
      });
    } else if (!primary.remoteSecrets.includes(cluster.name)) {
      report("remoteNotReadByPrimary", {
        message: `primary ${primary.name} holds no remote secret for its remote ${cluster.name}, so it never sees its pods`,
        cluster: cluster.name,
        path,
        expected: `${cluster.name} in ${primary.name}'s remoteSecrets`,
        fix: `istioctl create-remote-secret --name=${cluster.name} | kubectl apply (in ${primary.name}); list it in remoteSecrets`,
      });
    }
  });
}

function checkRemoteSecrets(spec: MeshSpec, report: Report): void {
  const names = new Set(spec.clusters.map((cluster) => cluster.name));
  spec.clusters.forEach((cluster, i) => {
    cluster.remoteSecrets.forEach((target, s) => {
      const path = `${clusterPath(i)}.remoteSecrets[${s}]`;
      if (target === cluster.name) {
        report("remoteSecretSelf", {
          message: `cluster ${cluster.name} has a remote secret for itself; istiod would register its own cluster twice`,
          cluster: cluster.name,
          path,
          found: target,
          fix: "remove the cluster's own name from its remoteSecrets",
        });
      } else if (!names.has(target)) {
        report("remoteSecretUnknownCluster", {
          message: `cluster ${cluster.name} has a remote secret for ${target}, which is not a cluster of the mesh`,
          cluster: cluster.name,
          path,
          expected: [...names].filter((name) => name !== cluster.name).join(", "),
          found: target,
          fix: "remove the entry or add the cluster to the mesh",
        });
      }
    });
  });
}

function checkEcs(spec: MeshSpec, report: Report): void {
  spec.clusters.forEach((cluster, i) => {
    if (cluster.ecsClusters.length > 0 && cluster.provider.kind !== "eks") {
      report("ecsNotOnEks", {
        message: `cluster ${cluster.name} (${cluster.provider.kind}) declares ECS clusters; only EKS clusters can attach ECS`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.ecsClusters`,
        expected: "provider.kind: eks",
        found: cluster.provider.kind,
        fix: "move the ECS clusters under the EKS cluster whose istiod reads them",
      });
    }
    for (const { key, index } of repeats(cluster.ecsClusters, (ecs) => ecs.name)) {
      report("ecsDuplicate", {
        message: `cluster ${cluster.name} declares ECS cluster ${key} twice`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.ecsClusters[${index}].name`,
        found: key,
        fix: "declare each ECS cluster once",
      });
    }
    cluster.ecsClusters.forEach((ecs, e) => {
      for (const { key, index } of repeats(ecs.services, (service) => service.name)) {
        report("ecsDuplicate", {
          message: `ECS cluster ${ecs.name} declares service ${key} twice`,
          cluster: cluster.name,
          path: `${clusterPath(i)}.ecsClusters[${e}].services[${index}].name`,
          found: key,
          fix: "declare each ECS service once",
        });
      }
    });
  });
}

function checkCidrList(
  cluster: ClusterSpec,
  i: number,
  fieldName: "podCidrs" | "serviceCidrs",
  report: Report,
): void {
  const families = new Set<IpFamily>();
  cluster[fieldName].forEach((cidr, c) => {
    const path = `${clusterPath(i)}.${fieldName}[${c}]`;
    const parsed = parseCidr(cidr);
    if (!parsed.ok) {
      report("cidrInvalid", {
        message: `cluster ${cluster.name}: ${parsed.problem}`,
        cluster: cluster.name,
        path,
        expected: "address/prefix, e.g. 10.1.0.0/16 or fd00:1::/64",
        found: cidr,
        fix: "write the CIDR as address/prefix",
      });
      return;
    }
    families.add(parsed.range.family);
    if (!cluster.ipFamilies.includes(parsed.range.family)) {
      report("cidrFamilyUndeclared", {
        message: `cluster ${cluster.name}: ${cidr} is ${parsed.range.family}, which ipFamilies does not list`,
        cluster: cluster.name,
        path,
        expected: cluster.ipFamilies.join(", "),
        found: parsed.range.family,
        fix: `add ${parsed.range.family} to ipFamilies, or remove the CIDR`,
      });
    }
  });
  for (const family of cluster.ipFamilies) {
    if (!families.has(family)) {
      report("cidrFamilyMissing", {
        message: `cluster ${cluster.name} is ${family} but has no valid ${family} entry in ${fieldName}`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.${fieldName}`,
        expected: `a ${family} CIDR`,
        found: cluster[fieldName].join(", ") || "(none)",
        fix: `add a ${family} CIDR to ${fieldName}`,
      });
    }
  }
}

function checkAddressing(spec: MeshSpec, report: Report): void {
  spec.clusters.forEach((cluster, i) => {
    const valid = cluster.ipFamilies.every((family) => family === "IPv4" || family === "IPv6");
    if (
      cluster.ipFamilies.length === 0 ||
      !valid ||
      new Set(cluster.ipFamilies).size !== cluster.ipFamilies.length
    ) {
      report("ipFamiliesInvalid", {
        message: `cluster ${cluster.name}: ipFamilies must be [IPv4], [IPv6], [IPv4, IPv6] or [IPv6, IPv4]`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.ipFamilies`,
        expected: "[IPv4] | [IPv6] | [IPv4, IPv6] | [IPv6, IPv4]",
        found: JSON.stringify(cluster.ipFamilies),
        fix: "list each family once",
      });
    }
    checkCidrList(cluster, i, "podCidrs", report);
    checkCidrList(cluster, i, "serviceCidrs", report);
  });
}

function checkClusterParts(spec: MeshSpec, report: Report): void {
  spec.clusters.forEach((cluster, i) => {
    for (const { key, index } of repeats(cluster.nodes, (node) => node.name)) {
      report("nodeDuplicate", {
        message: `cluster ${cluster.name} declares node ${key} twice`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.nodes[${index}].name`,
        found: key,
        fix: "declare each node once",
      });
    }
    for (const { key, index } of repeats(cluster.eastWestGateways, (g) => `${g.namespace}/${g.name}`)) {
      report("gatewayDuplicate", {
        message: `cluster ${cluster.name} declares east-west gateway ${key} twice`,
        cluster: cluster.name,
        path: `${clusterPath(i)}.eastWestGateways[${index}]`,
        found: key,
        fix: "declare each gateway once",
      });
    }
  });
}

/**
 * The cross-reference and model checks of the declared spec (everything that needs no manifest):
 * mesh id, cluster names (DNS-1123, unique), networks (unique, every one a cluster or declared
 * gateway names is listed), control planes (a remote's primary exists, is a primary, and reads
 * it), remote secrets (name other existing clusters), ECS (EKS only, unique names), IP families
 * and CIDRs (valid, of the declared families, one per family), nodes and declared gateways unique.
 * Every finding is collected.
 */
export function checkSpec(spec: MeshSpec): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (name, details) => diagnostics.push(deriveDiagnostic(name, details));
  if (spec.meshId === "") {
    report("meshIdMissing", {
      message: "the mesh has no meshId",
      path: "$.spec.meshId",
      expected: "the meshID every istiod of the mesh is installed with",
      fix: "set spec.meshId (values.global.meshID)",
    });
  }
  checkClusterNames(spec, report);
  checkNetworks(spec, report);
  checkControlPlanes(spec, report);
  checkRemoteSecrets(spec, report);
  checkEcs(spec, report);
  checkAddressing(spec, report);
  checkClusterParts(spec, report);
  return diagnostics;
}
