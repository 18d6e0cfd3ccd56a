import { catalogueDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from "@meshwright/core";

/**
 * The catalogue of discovery / routing / DNS diagnostics and outcome codes (MW4000–MW4499).
 * Each entry names the Istio analyzer (`IST0xxx`) covering the same ground where one exists.
 * Codes are stable: never renumber, only add.
 */
export interface RoutingCodeEntry {
  readonly code: DiagnosticCode;
  readonly name: string;
  readonly severity: Severity;
  /** One line: how to fix it. */
  readonly fix: string;
  readonly related?: string;
}

/** Every routing, visibility, ServiceEntry, DestinationRule and DNS code, by name. */
export const ROUTING_CODES = {
  // MW400x: config objects that cannot be read at all.
  OBJECT_MALFORMED: {
    code: "MW4001",
    name: "OBJECT_MALFORMED",
    severity: "error",
    fix: "Correct the field to the type the Istio CRD declares (see the CRD schema for this kind).",
  },
  EXPORT_TO_INVALID: {
    code: "MW4002",
    name: "EXPORT_TO_INVALID",
    severity: "error",
    fix: 'Use ".", "*", "~" or namespace names; "~" and "*" cannot be combined with other entries.',
  },
  // MW401x: Sidecar scoping.
  SIDECAR_HOST_INVALID: {
    code: "MW4010",
    name: "SIDECAR_HOST_INVALID",
    severity: "error",
    fix: 'Write each egress host as "<namespace>/<dnsName>" (namespace may be ".", "*" or "~").',
  },
  SIDECAR_AMBIGUOUS: {
    code: "MW4011",
    name: "SIDECAR_AMBIGUOUS",
    severity: "warning",
    fix: "Keep one Sidecar without workloadSelector per namespace (Istio uses the oldest and ignores the rest).",
    related: "IST0110",
  },
  ROOT_SIDECAR_WITH_SELECTOR: {
    code: "MW4013",
    name: "ROOT_SIDECAR_WITH_SELECTOR",
    severity: "warning",
    fix: "Remove the workloadSelector: only a selector-less Sidecar in the root namespace is the mesh default.",
  },
  // MW402x: VirtualService.
  VS_NO_HOSTS: {
    code: "MW4020",
    name: "VS_NO_HOSTS",
    severity: "error",
    fix: "List at least one host under spec.hosts.",
  },
  VS_WEIGHTS_NOT_100: {
    code: "MW4021",
    name: "VS_WEIGHTS_NOT_100",
    severity: "error",
    fix: "Make the weights of a route's destinations add up to 100 (Istio's validation rejects anything else).",
  },
  VS_REGEX_UNSUPPORTED: {
    code: "MW4022",
    name: "VS_REGEX_UNSUPPORTED",
    severity: "warning",
    fix: "Rewrite the regex without RE2-only syntax, or use exact/prefix; the simulator treats it as non-matching.",
  },
  VS_REGEX_INVALID: {
    code: "MW4023",
    name: "VS_REGEX_INVALID",
    severity: "error",
    fix: "Fix the RE2 expression; Envoy rejects the route configuration otherwise.",
  },
  VS_DUPLICATE_HOST: {
    code: "MW4024",
    name: "VS_DUPLICATE_HOST",
    severity: "warning",
    fix: "Merge the VirtualServices: for the same host only the first (oldest, closest namespace) one is used.",
    related: "IST0109",
  },
  VS_DESTINATION_NOT_FOUND: {
    code: "MW4025",
    name: "VS_DESTINATION_NOT_FOUND",
    severity: "warning",
    fix: "Point the destination at a Service or ServiceEntry host visible from this namespace.",
    related: "IST0101",
  },
  VS_SUBSET_NOT_FOUND: {
    code: "MW4026",
    name: "VS_SUBSET_NOT_FOUND",
    severity: "warning",
    fix: "Define the subset in a DestinationRule for the host that is visible to the client's namespace.",
    related: "IST0101",
  },
  VS_DELEGATE_NOT_FOUND: {
    code: "MW4027",
    name: "VS_DELEGATE_NOT_FOUND",
    severity: "warning",
    fix: "Create the delegate VirtualService (without hosts) the root route names, in the named namespace.",
    related: "IST0101",
  },
  VS_DELEGATE_CONFLICT: {
    code: "MW4028",
    name: "VS_DELEGATE_CONFLICT",
    severity: "warning",
    fix: "Make each delegate match a subset of its root route's match; conflicting delegate routes are dropped.",
  },
  // MW403x: ServiceEntry.
  SE_NO_HOSTS: {
    code: "MW4030",
    name: "SE_NO_HOSTS",
    severity: "error",
    fix: "List at least one host under spec.hosts.",
  },
  SE_NO_PORTS: {
    code: "MW4031",
    name: "SE_NO_PORTS",
    severity: "warning",
    fix: "Declare the ports the service listens on; without ports no listener or cluster is built.",
  },
  SE_ADDRESS_INVALID: {
    code: "MW4032",
    name: "SE_ADDRESS_INVALID",
    severity: "error",
    fix: "Use IP addresses or CIDR blocks in spec.addresses.",
  },
  SE_STATIC_WITHOUT_ENDPOINTS: {
    code: "MW4033",
    name: "SE_STATIC_WITHOUT_ENDPOINTS",
    severity: "warning",
    fix: "Give a STATIC ServiceEntry endpoints or a workloadSelector; otherwise it has no endpoints.",
  },
  SE_ENDPOINTS_AND_SELECTOR: {
    code: "MW4034",
    name: "SE_ENDPOINTS_AND_SELECTOR",
    severity: "error",
    fix: "Use either endpoints or workloadSelector, not both (Istio's validation rejects both).",
  },
  SE_WILDCARD_NOT_ALLOCATED: {
    code: "MW4035",
    name: "SE_WILDCARD_NOT_ALLOCATED",
    severity: "info",
    fix: "Wildcard hosts get no auto-allocated address; give the ServiceEntry an address if TCP traffic must match it.",
  },
  SE_ALLOCATION_EXHAUSTED: {
    code: "MW4036",
    name: "SE_ALLOCATION_EXHAUSTED",
    severity: "error",
    fix: "Too many ServiceEntries for the 240.240.0.0/16 auto-allocation range; give some of them addresses.",
  },
  // MW404x: DestinationRule.
  DR_DUPLICATE_SUBSET: {
    code: "MW4040",
    name: "DR_DUPLICATE_SUBSET",
    severity: "warning",
    fix: "Give each subset of a host one definition; when DestinationRules merge, the first definition wins.",
    related: "IST0105",
  },
  DR_NO_HOST: {
    code: "MW4041",
    name: "DR_NO_HOST",
    severity: "error",
    fix: "Set spec.host to the service the rule applies to.",
  },
  // MW405x: request routing outcomes (what the client sees).
  ROUTE_NOT_FOUND: {
    code: "MW4050",
    name: "ROUTE_NOT_FOUND",
    severity: "error",
    fix: "Add a VirtualService route (or relax a match) that covers this request.",
  },
  CLUSTER_NOT_FOUND: {
    code: "MW4051",
    name: "CLUSTER_NOT_FOUND",
    severity: "error",
    fix: "The route points at a host or subset istiod built no cluster for: define the subset in a visible DestinationRule, or fix the host.",
    related: "IST0101",
  },
  FAULT_ABORT: {
    code: "MW4052",
    name: "FAULT_ABORT",
    severity: "info",
    fix: "The VirtualService injects this failure on purpose (fault.abort); remove the fault to stop it.",
  },
  DIRECT_RESPONSE: {
    code: "MW4053",
    name: "DIRECT_RESPONSE",
    severity: "info",
    fix: "The VirtualService answers this request itself (directResponse).",
  },
  REDIRECT: {
    code: "MW4054",
    name: "REDIRECT",
    severity: "info",
    fix: "The VirtualService redirects this request; follow it (curl -L) or remove the redirect.",
  },
  BLACKHOLE: {
    code: "MW4055",
    name: "BLACKHOLE",
    severity: "error",
    fix: "outboundTrafficPolicy is REGISTRY_ONLY and the host is not a known service: add a ServiceEntry for it.",
  },
  // MW406x: DNS.
  DNS_NXDOMAIN: {
    code: "MW4060",
    name: "DNS_NXDOMAIN",
    severity: "error",
    fix: "Create the Service in the client's cluster (kube-dns only knows local Services) or enable DNS capture.",
  },
  DNS_NO_ADDRESS: {
    code: "MW4061",
    name: "DNS_NO_ADDRESS",
    severity: "error",
    fix: "Give the service a VIP on the client's network (create the Service in a cluster of that network).",
  },
  DNS_NAME_INVALID: {
    code: "MW4062",
    name: "DNS_NAME_INVALID",
    severity: "error",
    fix: "Use a DNS name of dot-separated labels (letters, digits, hyphens), at most 253 characters.",
  },
  DNS_UNKNOWN_CLIENT: {
    code: "MW4063",
    name: "DNS_UNKNOWN_CLIENT",
    severity: "error",
    fix: "Name a cluster of the mesh as the client's cluster.",
  },
} as const satisfies Record<string, RoutingCodeEntry>;

/** A routing code's name. */
export type RoutingCodeName = keyof typeof ROUTING_CODES;

/** What a diagnostic of a catalogued code needs besides the code itself. */
export interface RoutingDiagnosticDetails {
  readonly message: string;
  readonly path?: string;
  readonly cluster?: string;
  readonly expected?: string;
  readonly found?: string;
  /** Overrides the catalogue's fix when the object at hand allows a more precise one. */
  readonly fix?: string;
}

/** Builds the `Diagnostic` of a catalogued code (severity, fix and related code from the catalogue). */
export function routingDiagnostic(name: RoutingCodeName, details: RoutingDiagnosticDetails): Diagnostic {
  return catalogueDiagnostic(ROUTING_CODES[name], details);
}
