/**
 * How a set of attached policies is compiled: which proxy enforces them, the trust-domain bundle,
 * the CUSTOM providers (each with an injected stub standing in for the external authorizer), and the
 * istiod / proxy settings that change what the rules mean.
 */
import type { AuthzVerdict, Enforcer } from "./decision";
import type { PathNormalization } from "./path-normalization";
import type { AuthzRequest } from "./request";

/** The CUSTOM rule that made the proxy call the provider. */
export interface ExtAuthzTrigger {
  readonly policy: string;
  readonly ruleIndex: number;
}

/**
 * A MeshConfig `extensionProviders` entry used by CUSTOM policies. `http` =
 * envoyExtAuthzHttp (HTTP filter only), `grpc` = envoyExtAuthzGrpc (HTTP and TCP filters)
 * (`pilot/pkg/security/authz/builder/extauthz.go`).
 */
export interface ExtAuthzProvider {
  readonly name: string;
  readonly protocol: "http" | "grpc";
  /** The stub: the external authorizer's answer. Called only when a CUSTOM rule of this provider matches. */
  readonly check: (request: AuthzRequest, trigger: ExtAuthzTrigger) => AuthzVerdict;
}

/** The CUSTOM providers known to istiod. */
export interface ExtAuthzOptions {
  readonly providers: readonly ExtAuthzProvider[];
  /** `PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS` (default false: several providers on one workload become DENY rules). */
  readonly multipleProviders?: boolean;
}

/** Options of `compileAuthorization`. */
export interface CompileAuthorizationOptions {
  readonly enforcer: Enforcer;
  /**
   * Filter chain kind the policies are built for (the port's protocol). Omitted: both are built and
   * each request uses its own `protocol`. Ignored by ztunnel (L4 only).
   */
  readonly protocol?: "http" | "tcp";
  /** MeshConfig `trustDomain` (default `cluster.local`). */
  readonly trustDomain?: string;
  /** MeshConfig `trustDomainAliases`. */
  readonly trustDomainAliases?: readonly string[];
  readonly extAuthz?: ExtAuthzOptions;
  /** `AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY` (default false: dry-run policies are not sent to ztunnel). */
  readonly ambientDryRun?: boolean;
  /** MeshConfig `pathNormalization` (default BASE). */
  readonly pathNormalization?: PathNormalization;
  /** Gateways only: `gatewayTopology.numTrustedProxies` (X-Forwarded-For hops to trust; default 0). */
  readonly numTrustedProxies?: number;
}

/** MeshConfig trust domain default (`pkg/config/mesh/mesh.go` DefaultMeshConfig). */
export const DEFAULT_TRUST_DOMAIN = "cluster.local";

/** MeshConfig root namespace default. */
export const DEFAULT_ROOT_NAMESPACE = "istio-system";
