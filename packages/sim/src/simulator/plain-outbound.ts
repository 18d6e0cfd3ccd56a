import type { Workload } from "@meshwright/core";
import type { SimContext } from "./context";
import type { Flow } from "./flow";
import { deliver, receiverOf, servedByWorkload } from "./inbound";
import { kubeProxyDistribution, kubeProxyDnat } from "./kube-proxy";
import type { OutboundRequest, OutboundResult } from "./sidecar-outbound";

/**
 * A client outside the mesh (no sidecar, not ambient): kube-proxy translates a ClusterIP to one of
 * the Service's ready pods *of the client's own cluster* (Kubernetes Endpoints are per cluster), and
 * the connection is plaintext; the server's proxy then applies PeerAuthentication.
 */
export function plainOutbound(
  ctx: SimContext,
  flow: Flow,
  client: Workload,
  req: OutboundRequest,
): OutboundResult {
  const dnat = kubeProxyDnat(ctx, client.cluster, req.address, req.target.port, (count) =>
    req.picks.uniform(count, "kube-proxy"),
  );
  const service = dnat.service;
  const direct = service ? undefined : ctx.index.workloadAt(client.network, req.address);
  const distribution = service ? () => kubeProxyDistribution(ctx, client, req.address) : undefined;
  const server = direct ?? dnat.pod;
  const targetPort = service && server ? dnat.port : req.target.port;
  flow.add({
    from: { role: "app", id: client.id, cluster: client.cluster },
    to: server
      ? { ...receiverOf(server), address: `${server.ips[0] ?? ""}:${targetPort}` }
      : {
          role: "kube-proxy",
          id: `${client.cluster}/kube-proxy`,
          cluster: client.cluster,
          address: `${req.address}:${req.target.port}`,
        },
    protocol: req.target.scheme === "http" ? "HTTP" : "TCP",
    decisions: [
      {
        kind: "capture",
        decision: "no mesh proxy: the packet leaves the pod as is",
        reason: client.dataplaneReason,
      },
      ...(server && service
        ? [
            {
              kind: "kube-proxy",
              decision: `DNAT ${req.address}:${req.target.port} → ${server.ips[0] ?? ""}:${targetPort}`,
              reason: "iptables/IPVS rules of the client's node",
            },
          ]
        : []),
    ],
  });
  if (!server) {
    flow.fail(
      service ? "KUBE_PROXY_NO_ENDPOINTS" : "PASSTHROUGH_UNREACHABLE",
      service
        ? `${service.id} has no ready pod in ${client.cluster}`
        : `${req.address} is no Service or pod of ${client.cluster}`,
    );
    return distribution ? { distribution } : {};
  }
  if (!ctx.faults.workloadAnswers(server.id, server.cluster)) {
    flow.fail("UPSTREAM_CONNECT_FAILURE", `${server.id} does not answer`);
    return distribution ? { distribution } : {};
  }
  deliver(ctx, flow, {
    server,
    port: targetPort,
    protocol: req.target.scheme === "http" ? "http" : "tcp",
    mtls: false,
    sourceIp: client.ips[0] ?? "",
    http: { method: req.method, path: req.target.path || "/", host: req.target.host, headers: req.headers },
  });
  return {
    endpoint: servedByWorkload(server, targetPort),
    ...(distribution ? { distribution } : {}),
  };
}
