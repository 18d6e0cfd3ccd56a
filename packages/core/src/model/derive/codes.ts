import { catalogueDiagnostic, type FindingDetails } from "../../diagnostics/catalogue";
import type { Diagnostic, DiagnosticCode, Severity } from "../../diagnostics/diagnostic";

/** One entry of the MW2xxx catalogue: the stable code, its severity, and what it means. */
export interface DeriveCodeEntry {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One line: what the code reports. */
  readonly summary: string;
  /** The Istio analyzer code covering the same ground, if any. */
  readonly related?: string;
}

/**
 * The catalogue of MW2000–MW2999: everything `createMesh` reports while it derives the Mesh model
 * from the declared spec and checks its cross-references. Codes are stable: never renumber.
 */
export const DERIVE_CODES = {
  meshIdMissing: { code: "MW2000", severity: "error", summary: "the mesh has no meshId" },
  clusterNameInvalid: {
    code: "MW2001",
    severity: "error",
    summary: "a cluster name is not a DNS-1123 label",
  },
  clusterNameDuplicate: { code: "MW2002", severity: "error", summary: "two clusters have the same name" },
  networkNameDuplicate: { code: "MW2003", severity: "error", summary: "two networks have the same name" },
  networkUndeclared: {
    code: "MW2004",
    severity: "error",
    summary: "a cluster or a declared gateway names a network that is not in spec.networks",
  },
  clusterNetworkMissing: { code: "MW2005", severity: "error", summary: "a cluster has no network" },
  remotePrimaryUnknown: {
    code: "MW2006",
    severity: "error",
    summary: "a remote cluster's primary is not a cluster of the mesh",
  },
  remotePrimaryNotPrimary: {
    code: "MW2007",
    severity: "error",
    summary: "a remote cluster's primary is itself a remote cluster",
  },
  remoteSecretUnknownCluster: {
    code: "MW2008",
    severity: "error",
    summary: "a remote secret names a cluster that is not in the mesh",
  },
  remoteSecretSelf: {
    code: "MW2009",
    severity: "error",
    summary: "a cluster holds a remote secret for itself",
  },
  remoteNotReadByPrimary: {
    code: "MW2010",
    severity: "warning",
    summary: "a remote cluster's primary has no remote secret for it, so it never sees its endpoints",
  },
  ecsNotOnEks: {
    code: "MW2011",
    severity: "error",
    summary: "ECS clusters can only be attached to an EKS cluster",
  },
  cidrInvalid: { code: "MW2012", severity: "error", summary: "a CIDR does not parse" },
  cidrFamilyUndeclared: {
    code: "MW2013",
    severity: "error",
    summary: "a CIDR's IP family is not one of the cluster's ipFamilies",
  },
  cidrFamilyMissing: {
    code: "MW2014",
    severity: "error",
    summary: "an IP family of the cluster has no pod or service CIDR",
  },
  ipFamiliesInvalid: {
    code: "MW2015",
    severity: "error",
    summary: "ipFamilies is empty, repeats a family, or names an unknown one",
  },
  cidrExhausted: { code: "MW2016", severity: "error", summary: "a CIDR has no free address left" },
  duplicateObject: {
    code: "MW2017",
    severity: "error",
    summary: "two objects of one cluster have the same kind, namespace and name",
  },
  labelKeyInvalid: {
    code: "MW2018",
    severity: "error",
    summary: "a label key is not a valid Kubernetes label key",
  },
  labelValueInvalid: {
    code: "MW2019",
    severity: "error",
    summary: "a label value is not a valid Kubernetes label value",
  },
  selectorMismatch: {
    code: "MW2020",
    severity: "error",
    summary: "a controller's selector does not match its pod template labels",
  },
  namespaceNetworkConflict: {
    code: "MW2021",
    severity: "warning",
    summary: "the istio-system namespace network label differs from the cluster's declared network",
  },
  networkLabelUndeclared: {
    code: "MW2022",
    severity: "warning",
    summary: "a topology.istio.io/network label names a network that is not in spec.networks",
  },
  gatewayClassFlavourMismatch: {
    code: "MW2023",
    severity: "warning",
    summary: "an east-west Gateway uses the other Istio flavour's GatewayClass",
  },
  trafficDistributionUnknown: {
    code: "MW2024",
    severity: "warning",
    summary: "an unknown traffic-distribution value, which Istio treats as Any",
  },
  addressInvalid: {
    code: "MW2025",
    severity: "warning",
    summary: "a declared pod IP or ClusterIP does not parse, or is outside the cluster's CIDRs",
  },
  addressConflict: {
    code: "MW2026",
    severity: "warning",
    summary: "two workloads or services declare the same address",
  },
  nodeUnknown: {
    code: "MW2027",
    severity: "warning",
    summary: "spec.nodeName names a node that is not declared",
  },
  podUnschedulable: {
    code: "MW2028",
    severity: "warning",
    summary: "no declared node matches a pod's nodeSelector, so it stays Pending",
  },
  replicasInvalid: {
    code: "MW2029",
    severity: "error",
    summary: "replicas is not a non-negative integer",
  },
  nodeDuplicate: {
    code: "MW2031",
    severity: "error",
    summary: "two nodes of one cluster have the same name",
  },
  gatewayDuplicate: {
    code: "MW2032",
    severity: "error",
    summary: "two declared east-west gateways of one cluster have the same namespace and name",
  },
  objectNameMissing: { code: "MW2034", severity: "error", summary: "an object has no metadata.name" },
  ecsDuplicate: {
    code: "MW2037",
    severity: "error",
    summary: "two ECS clusters, or two services of one ECS cluster, have the same name",
  },
  selectorInvalid: {
    code: "MW2038",
    severity: "error",
    summary: "a label selector uses an unknown operator or a malformed requirement",
  },
  gatewayAddressMissing: {
    code: "MW2039",
    severity: "info",
    summary: "an east-west gateway has no address yet (pending load balancer)",
  },
  waypointForInvalid: {
    code: "MW2040",
    severity: "warning",
    summary: "a waypoint Gateway's istio.io/waypoint-for label is not service, workload, all or none",
  },
} as const satisfies Readonly<Record<string, DeriveCodeEntry>>;

/** The name of a catalogue entry. */
export type DeriveCodeName = keyof typeof DERIVE_CODES;

/** A diagnostic of catalogue entry `name`; severity and related code come from the catalogue. */
export function deriveDiagnostic(name: DeriveCodeName, details: FindingDetails): Diagnostic {
  return catalogueDiagnostic(DERIVE_CODES[name], details);
}
