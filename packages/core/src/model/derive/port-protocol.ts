/**
 * Istio's protocol of a Service port (`pkg/config/kube/conversion.go` ConvertProtocol and
 * `pkg/config/protocol/instance.go` Parse): UDP stays UDP; else `appProtocol` when set (with the
 * Kubernetes `kubernetes.io/h2c|ws|wss` names), else the port name; `grpc-web` first, then the
 * part before the first `-` (`http-web` → HTTP), case-insensitive. Unknown names leave the
 * protocol to sniffing, except on the well-known ports SMTP 25, DNS 53, MySQL 3306, MongoDB
 * 27017, which are TCP.
 */

/** Istio protocol names (`protocol.Instance`). */
export type IstioProtocol =
  | "GRPC"
  | "GRPC-Web"
  | "HTTP"
  | "HTTP_PROXY"
  | "HTTP2"
  | "HTTPS"
  | "TCP"
  | "TLS"
  | "UDP"
  | "Mongo"
  | "Redis"
  | "MySQL";

const BY_NAME: Readonly<Record<string, IstioProtocol>> = {
  tcp: "TCP",
  udp: "UDP",
  grpc: "GRPC",
  "grpc-web": "GRPC-Web",
  http: "HTTP",
  http_proxy: "HTTP_PROXY",
  http2: "HTTP2",
  https: "HTTPS",
  tls: "TLS",
  mongo: "Mongo",
  redis: "Redis",
  mysql: "MySQL",
};

const KUBERNETES_APP_PROTOCOLS: Readonly<Record<string, IstioProtocol>> = {
  "kubernetes.io/h2c": "HTTP2",
  "kubernetes.io/ws": "HTTP",
  "kubernetes.io/wss": "HTTPS",
};

const WELL_KNOWN_TCP_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/** The protocol Istio gives a Service port, or `undefined` when it is left to protocol sniffing. */
export function inferPortProtocol(
  port: number,
  name: string | undefined,
  transport: string,
  appProtocol: string | undefined,
): IstioProtocol | undefined {
  if (transport === "UDP") return "UDP";
  let text = name ?? "";
  if (appProtocol !== undefined) {
    const kubernetes = KUBERNETES_APP_PROTOCOLS[appProtocol];
    if (kubernetes !== undefined) return kubernetes;
    text = appProtocol;
  }
  if (text.toLowerCase().startsWith("grpc-web")) return "GRPC-Web";
  const dash = text.indexOf("-");
  const prefix = (dash >= 0 ? text.slice(0, dash) : text).toLowerCase();
  const parsed = Object.hasOwn(BY_NAME, prefix) ? BY_NAME[prefix] : undefined;
  if (parsed !== undefined) return parsed;
  return WELL_KNOWN_TCP_PORTS.has(port) ? "TCP" : undefined;
}
