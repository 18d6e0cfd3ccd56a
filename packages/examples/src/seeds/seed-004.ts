import type { SeedEntry } from "../seed";

const HELLOWORLD = "helloworld.sample:5000/hello";
const BOTH_VERSIONS = ["cluster1/sample/helloworld-v1", "cluster2/sample/helloworld-v2"];
const BEFORE_STEP_11 = "before-cluster-local-routing";

/** Seed 004: two AKS clusters, multi-network, helloworld, cluster-local routing, Bookinfo split. */
export const SEED_004: SeedEntry = {
  id: "004",
  directory: "seed-004-aks-multinetwork-bookinfo",
  title: "Multi-primary, multi-network AKS: helloworld, cluster-local routing and a split Bookinfo",
  sources: [
    "shared/seeds/004_d3e17113a142bdc6.md (beluxappdev/aks-istio-multi-cluster README)",
    "beluxappdev/aks-istio-multi-cluster: kubernetes/istio/*, kubernetes/sample-app/*, env, bootstrap-workshop.sh",
  ],
  demonstrates: [
    "two primaries on two networks with classic east-west gateways (istioctl IstioOperator, ports 15021/15443/15012/15017)",
    "helloworld v1 in cluster1 and v2 in cluster2 behind one Service (namespace sameness)",
    "per-cluster subsets on topology.istio.io/cluster and sourceLabels routes, applied in cluster1 only",
    "Bookinfo with reviews running only in cluster2 while both clusters declare the reviews Service",
  ],
  stages: [
    {
      name: BEFORE_STEP_11,
      description:
        "Step 10: the helloworld checks run before step 11 applies the cluster-local DestinationRule and VirtualService",
      add: [],
      remove: [{ cluster: "cluster1", file: "cluster1/helloworld-cluster-local.yaml" }],
    },
  ],
  calls: [
    {
      id: "step-10-cluster1",
      step: "10. Helloworld Application Deployment (from cluster1)",
      stage: BEFORE_STEP_11,
      from: "cluster1/sample/sleep",
      url: HELLOWORLD,
      expected: {
        outcome: "success",
        servedBy: BOTH_VERSIONS,
        text: "the HelloWorld version toggles between v1 and v2",
      },
    },
    {
      id: "step-10-cluster2",
      step: "10. Helloworld Application Deployment (from cluster 2)",
      stage: BEFORE_STEP_11,
      from: "cluster2/sample/sleep",
      url: HELLOWORLD,
      expected: {
        outcome: "success",
        servedBy: BOTH_VERSIONS,
        text: "alternate responses from Helloworld V1 and V2",
      },
    },
    {
      id: "step-11-cluster1",
      step: "11. Multi-cluster Traffic Management (from cluster1)",
      from: "cluster1/sample/sleep",
      url: HELLOWORLD,
      expected: {
        outcome: "success",
        servedBy: ["cluster1/sample/helloworld-v1"],
        text: "always V1: the traffic is restricted to cluster1",
      },
    },
    {
      id: "step-11-cluster2",
      step: "11. Multi-cluster Traffic Management (from cluster 2)",
      from: "cluster2/sample/sleep",
      url: HELLOWORLD,
      expected: {
        outcome: "success",
        servedBy: BOTH_VERSIONS,
        text: "still routed to both clusters: cluster2's istiod does not read cluster1's config",
      },
    },
    {
      id: "step-12-productpage-to-reviews",
      step: "12. Bookinfo Application Deployment",
      from: "cluster1/bookinfo/productpage-v1",
      url: "reviews:9080/reviews/0",
      expected: {
        outcome: "success",
        servedBy: [
          "cluster2/bookinfo/reviews-v1",
          "cluster2/bookinfo/reviews-v2",
          "cluster2/bookinfo/reviews-v3",
        ],
        text: "the product page shows reviews from cluster 2, alternating versions on refresh",
      },
      note:
        "The seed checks this in a browser through the ingress gateway (/productpage); productpage's own call to " +
        "reviews is the hop that crosses clusters.",
    },
  ],
};
