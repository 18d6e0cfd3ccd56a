/**
 * `authorize`: the decision for one request at one enforcer. Two forms:
 * - `authorize(compiled, request)`: the fast path, over policies compiled once with
 *   `compileAuthorization`;
 * - `authorize(input)`: the self-contained form `sim.authorize({ workload, request, ... })` — it picks
 *   the AuthorizationPolicies and PeerAuthentications out of the given objects, attaches them
 *   (`policiesForWorkload`), applies PeerAuthentication (sidecar: the inbound listener accepts or
 *   refuses the connection first; ztunnel: synthetic DENY policies), compiles and evaluates.
 * Both are pure: same input, same decision.
 */
import { getOrCreate, istioObjects, type KubeObject, memoizeWeak } from "@meshwright/core";
import {
  type AuthzWorkload,
  attachmentNamespaces,
  attachPolicies,
  type WaypointAttachment,
} from "./attachment";
import { compileAuthorization } from "./compile";
import type { CompiledAuthorization } from "./compiled";
import type { AuthzDecision, Enforcer } from "./decision";
import { evaluateAuthorization, malformedRequestDecision } from "./evaluate";
import { type CompileAuthorizationOptions, DEFAULT_ROOT_NAMESPACE, type ExtAuthzOptions } from "./options";
import type { PathNormalization } from "./path-normalization";
import { effectivePeerAuthentication, inboundAccepts } from "./peer-authentication";
import type { AuthorizationPolicyObject } from "./policy-object";
import { readAuthorizationPolicy } from "./read-policy";
import { type AuthzRequest, isAuthzRequest } from "./request";
import { ztunnelPeerAuthenticationPolicies } from "./ztunnel-peer-authentication";

/** Input of the self-contained `authorize(input)`. */
export interface AuthorizeInput {
  /** Objects to take AuthorizationPolicies and PeerAuthentications from (e.g. a cluster's `resources`). */
  readonly resources: readonly KubeObject[];
  readonly workload: AuthzWorkload;
  readonly enforcer: Enforcer;
  readonly request: AuthzRequest;
  /** MeshConfig rootNamespace (default `istio-system`). */
  readonly rootNamespace?: string;
  /** MeshConfig trustDomain (default `cluster.local`). */
  readonly trustDomain?: string;
  readonly trustDomainAliases?: readonly string[];
  /** Waypoints: the services of the request (targetRef attachment). */
  readonly waypoint?: WaypointAttachment;
  readonly extAuthz?: ExtAuthzOptions;
  /** `AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY` (default false). */
  readonly ambientDryRun?: boolean;
  readonly pathNormalization?: PathNormalization;
  readonly numTrustedProxies?: number;
  /** `ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY` (default true). */
  readonly selectorBasedGatewayPolicy?: boolean;
  /** The filter chain kind (the port's protocol); default: the request's protocol. */
  readonly protocol?: "http" | "tcp";
}

/** Everything of `AuthorizeInput` but the request: one enforcer of one workload. */
export type AuthorizationSite = Omit<AuthorizeInput, "request">;

/** The decisions of one site (see `authorizerFor`). */
export type Authorizer = (request: AuthzRequest) => AuthzDecision;

function isInputShaped(input: AuthorizeInput): boolean {
  return (
    typeof input === "object" &&
    input !== null &&
    Array.isArray(input.resources) &&
    typeof input.workload === "object" &&
    input.workload !== null &&
    typeof input.workload.namespace === "string" &&
    isAuthzRequest(input.request)
  );
}

/** The Istio objects of one `resources` array, and what was prepared from them per workload. */
interface ResourceFacts {
  readonly policies: ReturnType<typeof istioObjects<"AuthorizationPolicy">>;
  readonly peerAuthentications: ReturnType<typeof istioObjects<"PeerAuthentication">>;
  /** Per workload key, then per options key. */
  readonly prepared: Map<string, Map<string, Prepared>>;
  /** Position of each AuthorizationPolicy in `policies` (a stable id for `compiledFor`). */
  readonly policyIndex: Map<object, number>;
  /** The policies of each namespace, and the malformed ones (which every attachment reports). */
  readonly byNamespace: Map<string, AuthorizationPolicyObject[]>;
  readonly malformed: readonly AuthorizationPolicyObject[];
  readonly compiled: Map<string, CompiledAuthorization>;
}

/** Attachment, synthetic ztunnel policies and compilation for one workload and option set. */
interface Prepared {
  readonly attached: ReturnType<typeof attachPolicies>;
  readonly compiled: CompiledAuthorization;
  readonly byPort: Map<number, PortFacts>;
}

/** The PeerAuthentication in effect on one destination port, with every diagnostic found before evaluation. */
interface PortFacts {
  readonly effective: ReturnType<typeof effectivePeerAuthentication> | undefined;
  /** The effective mode and its source, as decisions report it (one frozen object per port). */
  readonly peerAuthentication: AuthzDecision["peerAuthentication"];
  readonly diagnostics: AuthzDecision["diagnostics"];
}

/**
 * Objects are plain immutable data (a cluster's `resources`), so what is derived from one array is
 * kept with it: the simulator authorizes every request against the same few arrays.
 */
const FACTS = new WeakMap<readonly KubeObject[], ResourceFacts>();

function resourceFacts(input: AuthorizationSite): ResourceFacts {
  const cached = FACTS.get(input.resources);
  if (cached) return cached;
  // Only well-formed Kubernetes objects are looked at (others cannot be Istio objects).
  const resources = input.resources.filter(
    (r): r is KubeObject =>
      typeof r === "object" && r !== null && typeof r.apiVersion === "string" && typeof r.kind === "string",
  );
  const policies = istioObjects(resources, "AuthorizationPolicy");
  const byNamespace = new Map<string, AuthorizationPolicyObject[]>();
  const malformed: AuthorizationPolicyObject[] = [];
  for (const object of policies) {
    const read = readAuthorizationPolicy(object).policy;
    if (read === null) malformed.push(object);
    else getOrCreate(byNamespace, read.namespace, () => []).push(object);
  }
  const facts: ResourceFacts = {
    policies,
    // Frozen: effectivePeerAuthentication then buckets it by namespace once, not per server and port.
    peerAuthentications: Object.freeze(istioObjects(resources, "PeerAuthentication")),
    prepared: new Map(),
    policyIndex: new Map(policies.map((p, i) => [p, i])),
    byNamespace,
    malformed,
    compiled: new Map(),
  };
  FACTS.set(input.resources, facts);
  return facts;
}

/**
 * Everything of the input except the request, as two keys: the workload's (one string per workload
 * object, so its hash is computed once) and the options'. A caller asking again and again with the
 * same workload object and plain options builds no JSON (the simulator prepares once per server,
 * through `authorizerFor`).
 */
function preparationKey(input: AuthorizationSite): { workload: string; options: string } {
  // Names, trust domains and enums hold no `|` or `,`; the rarer object-valued options are JSON,
  // and only when one is set.
  const rare = [
    input.waypoint,
    input.extAuthz,
    input.pathNormalization,
    input.numTrustedProxies,
    input.selectorBasedGatewayPolicy,
  ];
  const plain = `${input.enforcer}|${input.rootNamespace}|${input.protocol}|${input.trustDomain}|${input.trustDomainAliases?.join(",")}|${input.ambientDryRun}`;
  return {
    workload: workloadKey(input.workload),
    options: rare.every((option) => option === undefined) ? plain : `${plain}|${JSON.stringify(rare)}`,
  };
}

/** A workload's attachment-relevant fields as JSON, once per workload object. */
const workloadKey = memoizeWeak((workload: AuthzWorkload) => JSON.stringify(workload));

function prepare(input: AuthorizationSite, facts: ResourceFacts): Prepared {
  const key = preparationKey(input);
  const byOptions = getOrCreate(facts.prepared, key.workload, () => new Map<string, Prepared>());
  const cached = byOptions.get(key.options);
  if (cached) return cached;
  const { workload, enforcer } = input;
  const rootNamespace = input.rootNamespace;
  const attached = attachPolicies({
    policies: candidatePolicies(input, facts),
    workload,
    enforcer,
    ...(rootNamespace !== undefined ? { rootNamespace } : {}),
    ...(input.waypoint !== undefined ? { waypoint: input.waypoint } : {}),
    ...(input.selectorBasedGatewayPolicy !== undefined
      ? { selectorBasedGatewayPolicy: input.selectorBasedGatewayPolicy }
      : {}),
  });
  const synthetic =
    enforcer === "ztunnel" ? ztunnelPeerAuthenticationPolicies(peerAuthScope(input, facts)) : undefined;
  const options: CompileAuthorizationOptions = {
    enforcer,
    ...(input.protocol !== undefined ? { protocol: input.protocol } : {}),
    ...(input.trustDomain !== undefined ? { trustDomain: input.trustDomain } : {}),
    ...(input.trustDomainAliases !== undefined ? { trustDomainAliases: input.trustDomainAliases } : {}),
    ...(input.extAuthz !== undefined ? { extAuthz: input.extAuthz } : {}),
    ...(input.ambientDryRun !== undefined ? { ambientDryRun: input.ambientDryRun } : {}),
    ...(input.pathNormalization !== undefined ? { pathNormalization: input.pathNormalization } : {}),
    ...(input.numTrustedProxies !== undefined ? { numTrustedProxies: input.numTrustedProxies } : {}),
  };
  const policies = [...attached.policies, ...(synthetic?.policies ?? [])];
  const compiled = compiledFor(facts, policies, options);
  const prepared: Prepared = { attached, compiled, byPort: new Map() };
  byOptions.set(key.options, prepared);
  return prepared;
}

/**
 * The policies attachment can pick for a site: those of the namespaces it reads (root, the
 * workload's, a waypoint's services') and the malformed ones it reports, in input order, so a
 * cluster's hundreds of policies are not read again for every workload.
 */
function candidatePolicies(input: AuthorizationSite, facts: ResourceFacts): AuthorizationPolicyObject[] {
  const services = input.enforcer === "waypoint" ? (input.waypoint?.services ?? []) : [];
  const namespaces = attachmentNamespaces(
    input.workload,
    input.rootNamespace ?? DEFAULT_ROOT_NAMESPACE,
    services,
  );
  const candidates = [...facts.malformed];
  for (const namespace of namespaces) candidates.push(...(facts.byNamespace.get(namespace) ?? []));
  return candidates.sort((a, b) => facts.policyIndex.get(a)! - facts.policyIndex.get(b)!);
}

/**
 * Compiles a policy set once per resources array: the workloads of a namespace mostly attach the
 * same policies, so they share one compilation. Keyed by the attached objects' positions (the
 * synthetic ztunnel PeerAuthentication policies, generated per workload, by content) and the options.
 */
function compiledFor(
  facts: ResourceFacts,
  policies: readonly AuthorizationPolicyObject[],
  options: CompileAuthorizationOptions,
): CompiledAuthorization {
  const ids = policies.map((p) => facts.policyIndex.get(p) ?? policyJson(p));
  const key = JSON.stringify([ids, options]);
  return getOrCreate(facts.compiled, key, () => compileAuthorization(policies, options));
}

/** A synthetic (generated) policy's content as JSON, once per object. */
const policyJson = memoizeWeak((policy: AuthorizationPolicyObject) => JSON.stringify(policy));

function peerAuthScope(input: AuthorizationSite, facts: ResourceFacts) {
  return {
    policies: facts.peerAuthentications,
    namespace: input.workload.namespace,
    labels: input.workload.labels,
    rootNamespace: input.rootNamespace,
  };
}

/** What holds on a destination (workload) port, memoised with the preparation. */
function portFacts(
  site: AuthorizationSite,
  facts: ResourceFacts,
  prepared: Prepared,
  port: number,
): PortFacts {
  return getOrCreate(prepared.byPort, port, () => {
    const effective =
      site.enforcer === "sidecar" || site.enforcer === "ztunnel"
        ? effectivePeerAuthentication({ ...peerAuthScope(site, facts), port })
        : undefined;
    // Frozen: decisions hand this very array out (no copy per request).
    const diagnostics = Object.freeze([
      ...prepared.attached.diagnostics,
      ...(effective?.diagnostics ?? []),
      ...prepared.compiled.diagnostics,
    ]);
    const peerAuthentication = effective && Object.freeze({ mode: effective.mode, source: effective.source });
    return { effective, peerAuthentication, diagnostics };
  });
}

/**
 * The decision function of one site: the policies are attached, PeerAuthentication read and
 * everything compiled once, so each request is only evaluated. Same decisions as `authorize(input)`
 * with the site's fields.
 */
export function authorizerFor(site: AuthorizationSite): Authorizer {
  const facts = resourceFacts(site);
  const prepared = prepare(site, facts);
  return (request) =>
    isAuthzRequest(request)
      ? decide(site, facts, prepared, request)
      : malformedRequestDecision(site.enforcer, []);
}

function authorizeInput(input: AuthorizeInput): AuthzDecision {
  if (!isInputShaped(input)) return malformedRequestDecision(input?.enforcer ?? "sidecar", []);
  const facts = resourceFacts(input);
  return decide(input, facts, prepare(input, facts), input.request);
}

function decide(
  site: AuthorizationSite,
  facts: ResourceFacts,
  prepared: Prepared,
  request: AuthzRequest,
): AuthzDecision {
  const { enforcer } = site;
  const { compiled } = prepared;
  const port = portFacts(site, facts, prepared, request.destination.port);
  const { effective, peerAuthentication, diagnostics: found } = port;
  if (enforcer === "sidecar" && effective !== undefined) {
    // The inbound listener's filter chains enforce PeerAuthentication before any RBAC filter runs.
    const acceptance = inboundAccepts({
      mode: effective.mode,
      mtls: request.source.mtls,
      enforcer: "sidecar",
    });
    if (!acceptance.accepted) {
      return {
        decision: "DENY",
        reason: acceptance.reason,
        enforcer,
        ...(acceptance.symptom !== undefined ? { symptom: acceptance.symptom } : {}),
        applied: compiled.http.appliedDefaults.slice(),
        shadow: [],
        audit: [],
        extAuthz: [],
        notes: [],
        peerAuthentication,
        diagnostics: found,
      };
    }
  }
  return evaluateAuthorization(compiled, request, port);
}

/** Decides one request over policies compiled with `compileAuthorization` (the fast path). */
export function authorize(compiled: CompiledAuthorization, request: AuthzRequest): AuthzDecision;
/** Decides one request from the raw objects: attachment, PeerAuthentication, compilation, evaluation. */
export function authorize(input: AuthorizeInput): AuthzDecision;
export function authorize(
  first: CompiledAuthorization | AuthorizeInput,
  request?: AuthzRequest,
): AuthzDecision {
  return isCompiled(first) ? evaluateAuthorization(first, request as AuthzRequest) : authorizeInput(first);
}

function isCompiled(value: CompiledAuthorization | AuthorizeInput): value is CompiledAuthorization {
  return (value as CompiledAuthorization)?.kind === "meshwright.dev/compiled-authorization";
}
