import type { SeedEntry } from "../seed";

const HELLOWORLD = "helloworld.sample:5000/hello";
const BOTH_VERSIONS = ["cluster1/sample/helloworld-v1", "cluster2/sample/helloworld-v2"];

/** Seed 001: EKS IPv4 + IPv6 clusters, classic east-west gateways, helloworld. */
export const SEED_001: SeedEntry = {
  id: "001",
  directory: "seed-001-eks-ipv4-ipv6-multinetwork",
  title: "Multi-primary, multi-network EKS: an IPv4 cluster and an IPv6 cluster",
  sources: [
    "shared/seeds/001_4d073de888631cc7.md (aws-samples/istio-on-eks, patterns/ipv6-and-ipv4-multi-cluster-on-istio/multiple-network-multi-primary README)",
    "aws-samples/istio-on-eks at 86ff311: locals.tf, eks_1.tf, eks_2.tf, charts/multicluster-gateway-n-apps/templates/*",
    "istio.io: Verify the multicluster installation (samples/helloworld, samples/curl in namespace sample)",
  ],
  demonstrates: [
    "two primaries on two networks, one IPv4-only (cluster1) and one IPv6-only (cluster2)",
    "classic east-west gateways (Istio's gateway chart in istio-ingress, port 15443) behind NLBs that publish hostnames",
    "the cross-network-gateway AUTO_PASSTHROUGH Gateway for *.local",
    "namespace sameness: one helloworld Service in both clusters, v1 pods in cluster1 and v2 pods in cluster2",
    "gateway address families: cluster1's NLB has only IPv4 addresses, cluster2's is dual-stack",
  ],
  stages: [],
  calls: [
    {
      id: "cluster1-to-helloworld",
      step: "Validation and Testing: from Cluster-1",
      from: "cluster1/sample/curl",
      url: HELLOWORLD,
      expected: {
        outcome: "success",
        servedBy: BOTH_VERSIONS,
        text: "the HelloWorld version toggles between v1 and v2",
      },
    },
    {
      id: "cluster2-to-helloworld",
      step: "Validation and Testing: from Cluster-2",
      from: "cluster2/sample/curl",
      url: HELLOWORLD,
      expected: {
        outcome: "success",
        servedBy: BOTH_VERSIONS,
        text: "the HelloWorld version toggles between v1 and v2",
      },
      simulated: {
        outcome: "success",
        servedBy: ["cluster2/sample/helloworld-v2"],
        text: "only v2: Istio 1.30 drops cluster1's IPv4-only gateway for cluster2's IPv6-only proxies",
      },
      note:
        "The seed's command selects the pod with -l app=curl but execs into container `sleep`, which the curl pod " +
        "does not have (its container is `curl`), so kubectl would refuse; the call modelled is the intended one " +
        "from the curl pod. Istio 1.30+ also drops remote gateways whose address family the proxy lacks " +
        "(istio-semantics §3.3 step 2): cluster2's IPv6-only proxies see only IPv4 addresses for cluster1's " +
        "gateway, which the seed's Istio 1.23 did not check.",
    },
  ],
};
