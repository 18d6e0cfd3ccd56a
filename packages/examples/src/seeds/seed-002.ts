import type { SeedEntry } from "../seed";

/** Seed 002: two AKS clusters on one network, echoserver, no east-west gateway. */
export const SEED_002: SeedEntry = {
  id: "002",
  directory: "seed-002-aks-single-network",
  title: "Multi-primary on one network: two AKS clusters in peered VNets",
  sources: [
    "shared/seeds/002_8b60a43ebfa0d5ca.md (Azure-Samples/aks-multi-cluster-service-mesh, istio/README.md)",
    "Azure-Samples/aks-multi-cluster-service-mesh at 0655ce19: istio/scripts/00-22, istio/yaml/*, istio/terraform.tfvars",
  ],
  demonstrates: [
    "two primaries on a single network: pods reach each other directly, no east-west gateway",
    "revision-based sidecar injection (istio.io/rev=1-14-4)",
    "a Service declared in a cluster with no pods behind it, so that its name resolves there",
    "an Istio ingress Gateway and VirtualService in front of echoserver (north-south, cluster one)",
  ],
  stages: [],
  calls: [
    {
      id: "cluster-two-to-echoserver",
      step: "Deploy a test application: 11-call-echoserver-service-from-cluster-two.sh",
      from: "aks-cluster-two/echoserver/curlclient",
      url: "echoserver:8080",
      expected: {
        outcome: "success",
        servedBy: ["aks-cluster-one/echoserver/echoserver"],
        text: "the echoserver in the first cluster echoes the request",
      },
      note:
        "The seed's remote secrets are named after the AKS clusters (istioctl x create-remote-secret " +
        "--name=<prefix>-<region>-aks-one|two) while istiod's clusterName is aks-cluster-one|two; the mesh uses " +
        "the istiod names for both (see README).",
    },
  ],
};
