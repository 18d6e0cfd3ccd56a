/**
 * How a sidecar treats a service port (`pkg/config/protocol/instance.go` Parse + `IsHTTP`/`IsTLS`/
 * `IsTCP`, `pilot/pkg/serviceregistry/kube/conversion.go` for the port-name convention):
 * `http` ports get an HTTP connection manager and VirtualService `http` routes; `tls` ports are
 * routed by SNI (`tls` routes); `tcp` ports by `tcp` routes; `sniffed` ports (unknown protocol)
 * are detected per connection: HTTP requests take the `http` path, anything else the `tcp` path.
 */
export type PortTraffic = "http" | "tls" | "tcp" | "sniffed";

const HTTP = new Set(["http", "http2", "grpc", "grpc-web", "http_proxy", "h2c", "kubernetes.io/h2c"]);
const TLS = new Set(["https", "tls"]);
const TCP = new Set(["tcp", "mongo", "redis", "mysql", "udp"]);

/**
 * Classifies a port from its `appProtocol` (or ServiceEntry `protocol`), else from the port name's
 * prefix before `-` (`http-web` → http), case-insensitively. Unknown → `sniffed`.
 */
export function portTraffic(port: { readonly name?: string; readonly appProtocol?: string }): PortTraffic {
  const declared = port.appProtocol?.toLowerCase();
  if (declared !== undefined && declared !== "") {
    const fromDeclared = classify(declared);
    if (fromDeclared !== "sniffed") return fromDeclared;
  }
  const name = port.name?.toLowerCase() ?? "";
  const prefix = name.includes("-") ? name.slice(0, name.indexOf("-")) : name;
  return classify(prefix);
}

function classify(protocol: string): PortTraffic {
  if (HTTP.has(protocol)) return "http";
  if (TLS.has(protocol)) return "tls";
  if (TCP.has(protocol)) return "tcp";
  return "sniffed";
}
