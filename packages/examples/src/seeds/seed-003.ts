import type { SeedEntry } from "../seed";

/** Seed 003: EKS + AKS with Admiral (Dependency / GlobalTrafficPolicy). */
export const SEED_003: SeedEntry = {
  id: "003",
  directory: "seed-003-eks-aks-admiral",
  title: "Multi-primary, multi-network EKS + AKS with Admiral global hosts",
  sources: [
    "shared/seeds/003_40ed561ce980b862.md (InfraCloud: How to Simplify Multi-cluster Istio Service Mesh using Admiral?)",
    "infracloudio/istio-admiral: app/*, admiral/*, cross-network-gateway.yaml, gtp-*.yaml, dependency-prometheus.yaml, istio-*.yaml, monitoring/prometheus-*.yaml",
    "shared/docs/admiral.md (what Admiral generates)",
  ],
  demonstrates: [
    "two primaries on two networks (eks, aks) with classic east-west gateways exposing *.local and *.global",
    "Admiral's output: ServiceEntries for stage.backend.global whose remote endpoint is the other cluster's gateway on 15443",
    "a DestinationRule with locality distribute 50/50 between ap-south-1 and westus",
    "sidecar DNS capture with auto-allocation, so the non-Kubernetes host stage.backend.global resolves",
    "a Dependency that writes a remote-only host (aks.prometheus-aks.global) into EKS",
  ],
  stages: [],
  calls: [
    {
      id: "frontend-to-global-backend",
      step: "Demo with a podinfo application: 3. Test cross cluster communication",
      from: "eks/webapp-eks/frontend",
      url: "http://stage.backend.global",
      expected: {
        outcome: "success",
        servedBy: ["eks/webapp-eks/backend-eks", "aks/webapp-aks/backend-aks"],
        text: "responses from backend-eks and backend-aks (podinfo JSON with their hostnames)",
      },
    },
    {
      id: "prometheus-federation",
      step: "Monitoring the multi-cluster setup: 3. Create dependency CRD on EKS",
      from: "eks/istio-system/prometheus",
      url: "http://aks.prometheus-aks.global/federate",
      expected: {
        outcome: "success",
        servedBy: ["aks/istio-system/prometheus"],
        text: "EKS Prometheus scrapes the AKS Prometheus through the AKS east-west gateway",
      },
    },
  ],
};
