import type { Mesh, ServicePort } from "@meshwright/core";
import type { MatrixDestination } from "./types";

/** Application protocols a client speaks HTTP on (Istio's protocol selection by appProtocol / port name). */
const HTTP_PROTOCOLS = new Set(["http", "http2", "grpc", "grpc-web", "h2c"]);
const TLS_PROTOCOLS = new Set(["https", "tls"]);

/** How a client calls a port: HTTP, TLS, or raw TCP, from the port's (declared or inferred) protocol. */
export function portProtocol(port: ServicePort): MatrixDestination["protocol"] {
  const app = port.appProtocol?.toLowerCase();
  if (app !== undefined && HTTP_PROTOCOLS.has(app)) return "http";
  if (app !== undefined && TLS_PROTOCOLS.has(app)) return "https";
  return "tcp";
}

/** The URL a client (curl) calls for host:port with that protocol. */
export function destinationUrl(host: string, port: number, protocol: MatrixDestination["protocol"]): string {
  switch (protocol) {
    case "http":
      return `http://${host}:${port}/`;
    case "https":
      return `https://${host}:${port}`;
    case "tcp":
      return `tcp://${host}:${port}`;
  }
}

/**
 * Every service port of the mesh once: services of the same hostname in several clusters are one
 * destination (namespace sameness, istio-semantics §4.1); its ports are the union of the
 * declarations' TCP ports, the first declaration in mesh order naming each port. UDP / SCTP ports
 * carry no simulated traffic and are left out. Ordered by host, then port.
 */
export function matrixDestinations(mesh: Mesh): MatrixDestination[] {
  const byHost = new Map<string, { service: string; clusters: string[]; ports: Map<number, ServicePort> }>();
  for (const cluster of mesh.clusters) {
    for (const service of cluster.services) {
      let entry = byHost.get(service.hostname);
      if (!entry) {
        entry = { service: `${service.namespace}/${service.name}`, clusters: [], ports: new Map() };
        byHost.set(service.hostname, entry);
      }
      if (!entry.clusters.includes(cluster.name)) entry.clusters.push(cluster.name);
      for (const port of service.ports) {
        if (port.protocol === "TCP" && !entry.ports.has(port.port)) entry.ports.set(port.port, port);
      }
    }
  }
  const out: MatrixDestination[] = [];
  for (const host of [...byHost.keys()].sort()) {
    const entry = byHost.get(host)!;
    for (const port of [...entry.ports.values()].sort((a, b) => a.port - b.port)) {
      const protocol = portProtocol(port);
      out.push({
        id: `${host}:${port.port}`,
        host,
        port: port.port,
        service: entry.service,
        protocol,
        url: destinationUrl(host, port.port, protocol),
        clusters: entry.clusters,
      });
    }
  }
  return out;
}
