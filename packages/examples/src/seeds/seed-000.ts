import type { SeedEntry } from "../seed";

const AKS_ECHO = "echo-service.app-a.svc.cluster.local:8080";

/** Why the EKS-side calls to the AKS-only service are marked: the sources do not settle name resolution. */
const CLUSTER_LOCAL_NAME_NOTE =
  "EKS has no app-a/echo-service Service (the seed creates app-a only in AKS), so kube-dns there has no " +
  "record for this name; only ztunnel's DNS proxy (cni.ambient.dnsCapture) could answer it. Upstream, remote " +
  "GLOBAL services are published to the client cluster, but ztunnel answers only with VIPs on the client's " +
  "network and the Service's VIP lives on network2 (istio-semantics §3.5, §4.3), and Istio's ambient " +
  "multicluster guide deploys the Service in every cluster. Solo's docs give global services the hostname " +
  "echo-service.app-a.mesh.internal; none of the sources says whether Solo's ztunnel answers the " +
  "cluster.local name of a Service that exists only in another cluster.";

/** Seed 000: EKS + ECS + AKS, ambient, Solo distribution. */
export const SEED_000: SeedEntry = {
  id: "000",
  directory: "seed-000-eks-ecs-aks-ambient",
  title: "Multicloud ambient mesh: EKS with two ECS clusters, and AKS (Solo distribution)",
  sources: [
    "shared/seeds/000_782a8f6556f7dda6.md (LutzLange/ecs-multi-account-demo Readme-scenario-4.md)",
    "LutzLange/ecs-multi-account-demo: manifests/eks-echo.yaml, manifests/eks-shell.yaml, scripts/create-k8s-namespaces.sh, scripts/add-services-to-mesh.sh, scripts/deploy-ecs-clusters.sh, scripts/test/call-from-ecs.sh, scripts/test/test-scenario-4.sh, ecs_definitions/*.json",
    "solo-io/ecs-mcdemo README (ECS objects kept in the ECS namespace of EKS)",
    "docs.solo.io: ambient ECS integration; multicluster global services (solo.io/service-scope, <name>.<namespace>.mesh.internal)",
  ],
  demonstrates: [
    "two primaries on two networks (network1 = EKS, network2 = AKS) joined by remote secrets",
    "ambient data plane everywhere: namespaces labelled istio.io/dataplane-mode=ambient, no sidecars",
    "Solo flavour: east-west Gateways of class istio-eastwest (HBONE 15008 + istiod on 15012), global service label solo.io/service-scope",
    "ECS services joining through ztunnel sidecars: hosts <service>.ecs-istio-multicloud-<n>.ecs.local, identity ecs-demo-sa-local in the ECS namespace",
    "an EKS east-west gateway published as an ELB hostname, the AKS one as an IP",
    "cross-network ambient traffic through double HBONE, and an AuthorizationPolicy that tells EKS callers from ECS callers by namespace",
  ],
  stages: [
    {
      name: "part-11-authorization",
      description:
        "Part 11: AuthorizationPolicies deny-all and allow-eks-default applied to app-a in AKS (the seed removes them again afterwards)",
      add: [{ cluster: "aks-cluster", file: "overlays/part-11-authorization-policies.yaml" }],
      remove: [],
    },
  ],
  calls: [
    {
      id: "eks-to-aks",
      step: "Part 10: Test EKS to AKS",
      from: "eks-cluster/default/eks-shell",
      url: AKS_ECHO,
      expected: {
        outcome: "success",
        servedBy: ["aks-cluster/app-a/echo-service"],
        text: "JSON from echo-service in AKS (jq '{hostname: .host.hostname}')",
      },
      note: CLUSTER_LOCAL_NAME_NOTE,
    },
    {
      id: "aks-to-ecs-1",
      step: "Part 10: Test AKS to ECS",
      from: "aks-cluster/app-a/shell",
      url: "echo-service.ecs-istio-multicloud-1.ecs.local:8080",
      expected: {
        outcome: "success",
        servedBy: ["eks-cluster/ecs-istio-multicloud-1/echo-service"],
        text: "JSON from the echo-service task of ECS cluster 1",
      },
      note:
        "Only the EKS istiod is configured for ECS (platforms.ecs); AKS reads EKS only through its remote secret. " +
        "Solo keeps the ECS services' ServiceEntries/WorkloadEntries in the ECS namespaces of EKS (solo-io/ecs-mcdemo " +
        "README), but upstream ambient multicluster takes ServiceEntries and WorkloadEntries from the local cluster " +
        "only (pilot/pkg/serviceregistry/ambient/multicluster.go); the sources do not say how Solo's AKS istiod " +
        "learns them, only that it should (Part 9: 'Services from AKS namespaces AND ECS clusters').",
    },
    {
      id: "ecs-1-to-ecs-2",
      step: "Part 10: Test ECS to ECS (via mesh)",
      from: "eks-cluster/ecs-istio-multicloud-1/shell-task",
      url: "echo-service.ecs-istio-multicloud-2.ecs.local:8080",
      expected: {
        outcome: "success",
        servedBy: ["eks-cluster/ecs-istio-multicloud-2/echo-service"],
        text: "JSON from the echo-service task of ECS cluster 2 (call-from-ecs.sh runs curl in the shell-task container)",
      },
    },
    {
      id: "ecs-1-to-aks",
      step: "Part 10: Test ECS to AKS",
      from: "eks-cluster/ecs-istio-multicloud-1/shell-task",
      url: AKS_ECHO,
      expected: {
        outcome: "success",
        servedBy: ["aks-cluster/app-a/echo-service"],
        text: "JSON from echo-service in AKS",
      },
      note: CLUSTER_LOCAL_NAME_NOTE,
    },
    {
      id: "part-11-eks-to-aks-allowed",
      step: "Part 11: Test Policy (should succeed, from EKS default namespace)",
      stage: "part-11-authorization",
      from: "eks-cluster/default/eks-shell",
      url: AKS_ECHO,
      expected: {
        outcome: "success",
        servedBy: ["aks-cluster/app-a/echo-service"],
        text: "allowed by allow-eks-default: the caller's identity is in namespace default, port 8080",
      },
      note: CLUSTER_LOCAL_NAME_NOTE,
    },
    {
      id: "part-11-ecs-to-aks-denied",
      step: "Part 11: Test Policy (should fail, from ECS)",
      stage: "part-11-authorization",
      from: "eks-cluster/ecs-istio-multicloud-1/shell-task",
      url: AKS_ECHO,
      expected: {
        outcome: "failure",
        symptom: "connection reset",
        text: "Expected: Connection reset (deny-all; the ECS identity is in namespace ecs-istio-multicloud-1)",
      },
    },
  ],
};
