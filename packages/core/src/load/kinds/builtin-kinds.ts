/**
 * Built-in Kubernetes kinds meshwright knows: their API groups, whether they are namespaced, and how
 * their names are validated (k8s.io/kubernetes/pkg/apis/<group>/validation). CRD kinds get the same
 * facts from the CRD catalogue.
 */
import type { NameRule } from "./names";

/** Facts about a built-in kind. */
export interface BuiltinKind {
  readonly groups: readonly string[];
  readonly namespaced: boolean;
  readonly nameRule: NameRule;
}

const namespaced = (groups: string[], nameRule: NameRule = "dns1123-subdomain"): BuiltinKind => ({
  groups,
  namespaced: true,
  nameRule,
});
const clusterScoped = (groups: string[], nameRule: NameRule = "dns1123-subdomain"): BuiltinKind => ({
  groups,
  namespaced: false,
  nameRule,
});

const BUILTIN: Readonly<Record<string, BuiltinKind>> = {
  Namespace: clusterScoped([""], "dns1123-label"),
  Service: namespaced([""], "dns1035-label"),
  Pod: namespaced([""]),
  ConfigMap: namespaced([""]),
  Secret: namespaced([""]),
  ServiceAccount: namespaced([""]),
  Endpoints: namespaced([""]),
  PersistentVolumeClaim: namespaced([""]),
  ReplicationController: namespaced([""]),
  LimitRange: namespaced([""]),
  ResourceQuota: namespaced([""]),
  Event: namespaced(["", "events.k8s.io"]),
  Node: clusterScoped([""]),
  PersistentVolume: clusterScoped([""]),
  Deployment: namespaced(["apps", "extensions"]),
  StatefulSet: namespaced(["apps"]),
  DaemonSet: namespaced(["apps", "extensions"]),
  ReplicaSet: namespaced(["apps", "extensions"]),
  ControllerRevision: namespaced(["apps"]),
  Job: namespaced(["batch"]),
  CronJob: namespaced(["batch"]),
  HorizontalPodAutoscaler: namespaced(["autoscaling"]),
  PodDisruptionBudget: namespaced(["policy"]),
  Ingress: namespaced(["networking.k8s.io", "extensions"]),
  NetworkPolicy: namespaced(["networking.k8s.io"]),
  IngressClass: clusterScoped(["networking.k8s.io"]),
  EndpointSlice: namespaced(["discovery.k8s.io"]),
  Role: namespaced(["rbac.authorization.k8s.io"], "path-segment"),
  RoleBinding: namespaced(["rbac.authorization.k8s.io"], "path-segment"),
  ClusterRole: clusterScoped(["rbac.authorization.k8s.io"], "path-segment"),
  ClusterRoleBinding: clusterScoped(["rbac.authorization.k8s.io"], "path-segment"),
  StorageClass: clusterScoped(["storage.k8s.io"]),
  CSIDriver: clusterScoped(["storage.k8s.io"]),
  PriorityClass: clusterScoped(["scheduling.k8s.io"]),
  RuntimeClass: clusterScoped(["node.k8s.io"]),
  CustomResourceDefinition: clusterScoped(["apiextensions.k8s.io"]),
  APIService: clusterScoped(["apiregistration.k8s.io"]),
  MutatingWebhookConfiguration: clusterScoped(["admissionregistration.k8s.io"]),
  ValidatingWebhookConfiguration: clusterScoped(["admissionregistration.k8s.io"]),
  ValidatingAdmissionPolicy: clusterScoped(["admissionregistration.k8s.io"]),
  ValidatingAdmissionPolicyBinding: clusterScoped(["admissionregistration.k8s.io"]),
  CertificateSigningRequest: clusterScoped(["certificates.k8s.io"]),
};

/** The built-in kind `kind` of API group `group`, if meshwright knows it. */
export function builtinKind(group: string, kind: string): BuiltinKind | undefined {
  const known = Object.hasOwn(BUILTIN, kind) ? BUILTIN[kind] : undefined;
  return known?.groups.includes(group) ? known : undefined;
}
