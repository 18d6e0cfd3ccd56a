import type { Failure } from "./outcome";

/**
 * The catalogue of data-path and transport-security failures (MW5xxx, MW65xx): for each, the
 * symptom exactly as the user sees it from `curl` in the client pod, and the fix. Envoy's texts
 * are its local replies / response flags (UH, UF, NR, URX); ztunnel resets the client connection,
 * which curl reports as error 56.
 */
export interface FailureClass {
  readonly code: `MW${number}`;
  readonly name: string;
  readonly symptom: string;
  readonly fix: string;
}

const CURL_RESET = "curl: (56) Recv failure: Connection reset by peer";

/** Every failure class the data path can end in, by name. */
export const FAILURES = {
  NO_HEALTHY_UPSTREAM: {
    code: "MW5001",
    name: "NO_HEALTHY_UPSTREAM",
    symptom: "HTTP 503: no healthy upstream (Envoy response flag UH)",
    fix: "Make an endpoint healthy, or check that the service's selector / subset labels match running pods in a cluster this istiod reads.",
  },
  UPSTREAM_CONNECT_FAILURE: {
    code: "MW5002",
    name: "UPSTREAM_CONNECT_FAILURE",
    symptom:
      "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection timeout (Envoy response flag UF)",
    fix: "The chosen endpoint or gateway does not answer: bring it back, or add outlierDetection so Envoy ejects it and fails over.",
  },
  DIRECT_TO_UNREACHABLE_NETWORK: {
    code: "MW5003",
    name: "DIRECT_TO_UNREACHABLE_NETWORK",
    symptom:
      "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection timeout (pod IP of another network)",
    fix: "Give the remote network an east-west gateway with an address (istiod sends gateway-less remote endpoints directly, istio-semantics §3.3).",
  },
  ZTUNNEL_NO_HEALTHY_UPSTREAM: {
    code: "MW5004",
    name: "ZTUNNEL_NO_HEALTHY_UPSTREAM",
    symptom: `${CURL_RESET} (ztunnel: no healthy upstream)`,
    fix: "Make an endpoint of the service healthy on a reachable network; for remote networks the service must be GLOBAL and the network must have an east-west gateway.",
  },
  ZTUNNEL_NO_NETWORK_GATEWAY: {
    code: "MW5005",
    name: "ZTUNNEL_NO_NETWORK_GATEWAY",
    symptom: `${CURL_RESET} (ztunnel: no network gateway for the destination network)`,
    fix: "Deploy an east-west gateway of the ambient class in the destination network and wait for its address.",
  },
  GATEWAY_UNREACHABLE: {
    code: "MW5006",
    name: "GATEWAY_UNREACHABLE",
    symptom:
      "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection timeout (east-west gateway)",
    fix: "Bring the east-west gateway back (its Service still advertises the address, so istiod keeps sending traffic to it).",
  },
  PASSTHROUGH_UNREACHABLE: {
    code: "MW5007",
    name: "PASSTHROUGH_UNREACHABLE",
    symptom: "curl: (28) Failed to connect: Connection timed out",
    fix: "The address is not a service this proxy knows and is not routable from here; create the Service in the client's cluster or enable DNS capture.",
  },
  PLAINTEXT_REJECTED: {
    code: "MW5008",
    name: "PLAINTEXT_REJECTED",
    symptom: CURL_RESET,
    fix: "The server requires mTLS (PeerAuthentication STRICT): enrol the client in the mesh, or set PERMISSIVE for this port.",
  },
  NETWORK_PARTITION: {
    code: "MW5009",
    name: "NETWORK_PARTITION",
    symptom:
      "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection timeout (network partition)",
    fix: "Restore connectivity between the networks, or keep traffic local with locality failover (outlierDetection).",
  },
  KUBE_PROXY_NO_ENDPOINTS: {
    code: "MW5011",
    name: "KUBE_PROXY_NO_ENDPOINTS",
    symptom: "curl: (7) Failed to connect: Connection refused",
    fix: "Without a mesh proxy only kube-proxy balances, over the Service's ready pods in the client's own cluster: run a pod there, or enrol the client in the mesh.",
  },
  GATEWAY_CHAIN_NOT_SIMULATED: {
    code: "MW5013",
    name: "GATEWAY_CHAIN_NOT_SIMULATED",
    symptom:
      "not simulated: the connection would pass more east-west gateways than the simulator follows (their ServiceEntries list each other)",
    fix: "Real gateways pass it on until a pick lands on a workload, a gateway hop more each time: keep only local endpoints in the ServiceEntries the gateways read (or exportTo them away from istio-system) so no connection bounces.",
  },
  NO_ROUTE: {
    code: "MW5010",
    name: "NO_ROUTE",
    symptom: "HTTP 404: route not found (Envoy response flag NR)",
    fix: "Add a VirtualService route (or remove the match) that covers this request.",
  },
  WAYPOINT_UNAVAILABLE: {
    code: "MW5030",
    name: "WAYPOINT_UNAVAILABLE",
    symptom: `${CURL_RESET} (ztunnel: the service's waypoint does not answer)`,
    fix: "Bring the waypoint pod back (kubectl get gateway, istioctl waypoint status), or remove the istio.io/use-waypoint label.",
  },
  WAYPOINT_PATH_NOT_SIMULATED: {
    code: "MW5031",
    name: "WAYPOINT_PATH_NOT_SIMULATED",
    symptom: "not simulated: this waypoint path (another network) is outside what meshwright models",
    fix: "Run a waypoint in the client's network (istioctl waypoint apply in each cluster) to simulate this request.",
  },
  TLS_UNKNOWN_CA: {
    code: "MW6501",
    name: "TLS_UNKNOWN_CA",
    symptom:
      "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED",
    fix: "Give every cluster an intermediate under one shared root (compare root fingerprints: meshwright certs verify).",
  },
  TLS_SAN_MISMATCH: {
    code: "MW6502",
    name: "TLS_SAN_MISMATCH",
    symptom:
      "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: SSLV3_ALERT_CERTIFICATE_UNKNOWN (ssl.fail_verify_san)",
    fix: "The server's identity is not one of the service's accounts: check the service account / namespace of the destination.",
  },
  TLS_TRUST_DOMAIN_REJECTED: {
    code: "MW6503",
    name: "TLS_TRUST_DOMAIN_REJECTED",
    symptom: `${CURL_RESET} (peer did not present the expected trustdomain)`,
    fix: "Use one trust domain mesh-wide (ztunnel has no alias support); for sidecars list the other domain in trustDomainAliases.",
  },
  ZTUNNEL_UNKNOWN_ISSUER: {
    code: "MW6504",
    name: "ZTUNNEL_UNKNOWN_ISSUER",
    symptom: `${CURL_RESET} (ztunnel: invalid peer certificate: UnknownIssuer)`,
    fix: "Give every cluster an intermediate under one shared root; ambient multicluster requires a single root.",
  },
  TLS_CLIENT_REJECTED: {
    code: "MW6507",
    name: "TLS_CLIENT_REJECTED",
    symptom:
      "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268436502:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA",
    fix: "The server's proxy does not trust the client's certificate: give every cluster an intermediate under one shared root, and one trust domain (or aliases).",
  },
  ZTUNNEL_SAN_MISMATCH: {
    code: "MW6508",
    name: "ZTUNNEL_SAN_MISMATCH",
    symptom: `${CURL_RESET} (ztunnel: identity verification error: peer did not present the expected SAN)`,
    fix: "The destination presented another identity than the one istiod expects for it: check its service account, namespace and trust domain.",
  },
  AUTHZ_DENIED_HTTP: {
    code: "MW6505",
    name: "AUTHZ_DENIED_HTTP",
    symptom: "HTTP 403: RBAC: access denied",
    fix: "Add an ALLOW rule for this source (or remove the matching DENY rule).",
  },
  AUTHZ_DENIED_TCP: {
    code: "MW6506",
    name: "AUTHZ_DENIED_TCP",
    symptom: CURL_RESET,
    fix: "Add an ALLOW rule for this source (or remove the matching DENY rule); on TCP the connection is reset, no 403 is sent.",
  },
} as const satisfies Record<string, FailureClass>;

/** Builds a Failure of class `name` with the reason that applies to this request. */
export function failure(name: keyof typeof FAILURES, reason: string, hop?: number): Failure {
  const cls: FailureClass = FAILURES[name];
  return {
    code: cls.code,
    name: cls.name,
    symptom: cls.symptom,
    reason,
    fix: cls.fix,
    ...(hop === undefined ? {} : { hop }),
  };
}
