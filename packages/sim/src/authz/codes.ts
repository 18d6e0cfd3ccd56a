/**
 * Diagnostic codes of the authorization area (MW6000–MW6499): AuthorizationPolicy,
 * PeerAuthentication, the requests handed to the evaluator, and the source-IP helper.
 * Every code has one meaning forever; new findings get new codes.
 */
import { catalogueDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from "@meshwright/core";

/** One catalogue entry: what the code means, how bad it is, and the usual fix. */
export interface AuthzCodeInfo {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly title: string;
  readonly fix: string;
  /** The Istio analyzer code that covers the same ground, when one exists. */
  readonly related?: string;
}

/** The catalogue, keyed by a stable symbolic name. */
export const AUTHZ_CODES = {
  policyMalformed: {
    code: "MW6000",
    severity: "error",
    title: "AuthorizationPolicy is not shaped as the CRD requires; it is ignored",
    fix: "Validate the object against security.istio.io/v1 AuthorizationPolicy (kubectl apply --dry-run=server).",
  },
  unknownAction: {
    code: "MW6001",
    severity: "error",
    title: "AuthorizationPolicy action is not ALLOW, DENY, AUDIT or CUSTOM; istiod ignores the policy",
    fix: "Set spec.action to ALLOW, DENY, AUDIT or CUSTOM.",
  },
  invalidIpBlock: {
    code: "MW6002",
    severity: "warning",
    title: "IP or CIDR value istiod cannot parse; the value is dropped (an ALLOW rule holding it is dropped)",
    fix: "Write an IPv4/IPv6 address or CIDR such as 10.0.0.0/8.",
  },
  invalidPort: {
    code: "MW6003",
    severity: "warning",
    title:
      "Port value is not a number in 0..65535; the value is dropped (an ALLOW rule holding it is dropped)",
    fix: 'Write the workload port as a decimal string such as "8080".',
  },
  unknownWhenKey: {
    code: "MW6004",
    severity: "warning",
    title: "Unknown `when` key: istiod skips the whole rule (a DENY policy becomes less strict)",
    fix: "Use a key from the AuthorizationPolicy conditions reference (source.ip, request.headers[...], ...).",
  },
  serviceAccountsWithIdentity: {
    code: "MW6005",
    severity: "warning",
    title: "serviceAccounts combined with principals or namespaces; validation rejects such a source",
    fix: "Express the source with serviceAccounts alone, or with principals/namespaces alone.",
  },
  invalidPathTemplate: {
    code: "MW6006",
    severity: "warning",
    title: "Path template istiod's validation rejects; the value is dropped",
    fix: "Use {*} for one segment and {**} (last operator only) for any number of segments.",
  },
  customWithoutProvider: {
    code: "MW6007",
    severity: "warning",
    title: "CUSTOM policy without provider.name; no provider can be found, so its rules are enforced as DENY",
    fix: "Set spec.provider.name to an extensionProviders entry of the MeshConfig.",
  },
  invalidMapKey: {
    code: "MW6008",
    severity: "warning",
    title: "`when` key needs a bracketed name (request.headers[<name>], request.auth.claims[<name>])",
    fix: "Write the key as request.headers[x-user] or request.auth.claims[groups].",
  },
  invalidDryRun: {
    code: "MW6009",
    severity: "warning",
    title: "istio.io/dry-run annotation is not a boolean; istiod treats the policy as enforced",
    fix: 'Set the annotation to "true" or "false".',
  },
  emptySelectorInAmbient: {
    code: "MW6010",
    severity: "info",
    title:
      "Selector without labels: istiod sends it to ztunnel as a workload policy that selects no workload",
    fix: "Remove `selector` to target the whole namespace, or add matchLabels.",
  },
  invalidRequestAddress: {
    code: "MW6020",
    severity: "error",
    title: "Request address is not an IP address; rules on it cannot match",
    fix: "Pass IPv4 (10.1.2.3) or IPv6 (fd00::1) addresses in the request.",
  },
  invalidRequestPort: {
    code: "MW6021",
    severity: "error",
    title: "Request destination port is not an integer in 0..65535",
    fix: "Pass the workload (target) port the server-side proxy receives on.",
  },
  mtlsWithoutPrincipal: {
    code: "MW6022",
    severity: "warning",
    title: "mTLS request without a principal: identity rules see an empty certificate SAN",
    fix: "Pass source.principal as <trust-domain>/ns/<namespace>/sa/<service-account>.",
  },
  principalWithSpiffePrefix: {
    code: "MW6023",
    severity: "warning",
    title: "source.principal starts with spiffe://; Istio principals are written without it",
    fix: "Pass the principal as <trust-domain>/ns/<namespace>/sa/<service-account>.",
  },
  pathRejected: {
    code: "MW6024",
    severity: "info",
    title: "Request path is rejected by Envoy path normalization (HTTP 400) before authorization",
    fix: "Remove %00 from the path; Envoy rejects it outright.",
  },
  requestMalformed: {
    code: "MW6025",
    severity: "error",
    title: "Request is not shaped as AuthzRequest (source, destination, protocol); it is denied unevaluated",
    fix: "Pass { source: { ip, mtls }, destination: { ip, port }, protocol } at least.",
  },
  extAuthzFailed: {
    code: "MW6026",
    severity: "error",
    title:
      "The ext-authz stub threw; like an unreachable provider with failOpen=false, the request is denied",
    fix: "Make the provider's check() return ALLOW or DENY for every request.",
  },
  policiesNotAList: {
    code: "MW6027",
    severity: "error",
    title: "Policies to compile are not a list",
    fix: "Pass an array of AuthorizationPolicy objects (see policiesForWorkload).",
  },
  invalidPeerAuthenticationMode: {
    code: "MW6030",
    severity: "error",
    title: "PeerAuthentication mTLS mode is not UNSET, DISABLE, PERMISSIVE or STRICT; treated as UNSET",
    fix: "Set spec.mtls.mode (and portLevelMtls modes) to STRICT, PERMISSIVE or DISABLE.",
  },
  invalidPeerAuthenticationPort: {
    code: "MW6031",
    severity: "error",
    title: "PeerAuthentication portLevelMtls key is not a port number; the entry is ignored",
    fix: "Key portLevelMtls by the workload (container) port number.",
  },
  portLevelMtlsWithoutSelector: {
    code: "MW6032",
    severity: "warning",
    title: "portLevelMtls only takes effect on a PeerAuthentication with a workload selector",
    fix: "Add spec.selector.matchLabels, or move the port setting to a workload policy.",
  },
  invalidSourceAddress: {
    code: "MW6040",
    severity: "error",
    title: "Source-IP path has an address that is not an IP address",
    fix: "Give the client and every TCP-terminating hop (gateway, waypoint) as IP addresses.",
  },
} as const satisfies Record<string, AuthzCodeInfo>;

/** Symbolic name of an authz diagnostic. */
export type AuthzCodeName = keyof typeof AUTHZ_CODES;

/** What varies between two findings of the same code. */
export interface AuthzFindingDetail {
  /** Overrides the catalogue title when the finding needs specifics. */
  readonly message?: string;
  readonly path?: string;
  readonly expected?: string;
  readonly found?: string;
  /** Overrides the catalogue fix. */
  readonly fix?: string;
}

/** Builds the Diagnostic for `name` (never includes key material or tokens). */
export function authzDiagnostic(name: AuthzCodeName, detail: AuthzFindingDetail = {}): Diagnostic {
  const info: AuthzCodeInfo = AUTHZ_CODES[name];
  return catalogueDiagnostic(info, { ...detail, message: detail.message ?? info.title });
}
