/**
 * Builders shared by the authz tests: policies and requests in the shapes users write, with the
 * defaults a test does not care about filled in.
 */
import type { AuthorizationPolicyObject, PeerAuthenticationObject } from "./policy-object";
import type { AuthzRequest } from "./request";

/** An AuthorizationPolicy `namespace/name` with `spec` (and optional metadata extras). */
export function ap(
  key: string,
  spec: Record<string, unknown>,
  metadata: { readonly annotations?: Record<string, string>; readonly creationTimestamp?: string } = {},
): AuthorizationPolicyObject {
  const [namespace, name] = key.split("/") as [string, string];
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name, namespace, ...metadata },
    spec: spec as AuthorizationPolicyObject["spec"],
  };
}

/** A PeerAuthentication `namespace/name` with `spec`. */
export function pa(
  key: string,
  spec: Record<string, unknown>,
  creationTimestamp?: string,
): PeerAuthenticationObject {
  const [namespace, name] = key.split("/") as [string, string];
  return {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name, namespace, ...(creationTimestamp !== undefined ? { creationTimestamp } : {}) },
    spec: spec as PeerAuthenticationObject["spec"],
  };
}

/** What a test may override in a request. */
export interface RequestOverrides {
  readonly principal?: string | null;
  readonly sourceIp?: string;
  readonly remoteIp?: string;
  readonly destinationIp?: string;
  readonly port?: number;
  readonly sni?: string;
  readonly protocol?: "http" | "tcp";
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly headers?: Record<string, string | string[]>;
  readonly requestAuth?: AuthzRequest["requestAuth"];
  readonly filterMetadata?: AuthzRequest["filterMetadata"];
}

/**
 * A request: by default an mTLS HTTP GET from `cluster.local/ns/foo/sa/client` (10.0.0.1) to
 * 10.0.1.1:8080. `principal: null` makes it plaintext.
 */
export function req(o: RequestOverrides = {}): AuthzRequest {
  const principal = o.principal === undefined ? "cluster.local/ns/foo/sa/client" : o.principal;
  const protocol = o.protocol ?? "http";
  return {
    source: {
      ...(principal !== null ? { principal } : {}),
      ip: o.sourceIp ?? "10.0.0.1",
      ...(o.remoteIp !== undefined ? { remoteIp: o.remoteIp } : {}),
      mtls: principal !== null,
    },
    destination: {
      ip: o.destinationIp ?? "10.0.1.1",
      port: o.port ?? 8080,
      ...(o.sni !== undefined ? { sni: o.sni } : {}),
    },
    protocol,
    ...(protocol === "http"
      ? {
          http: {
            method: o.method ?? "GET",
            path: o.path ?? "/",
            host: o.host ?? "httpbin.foo.svc.cluster.local",
            ...(o.headers !== undefined ? { headers: o.headers } : {}),
          },
        }
      : {}),
    ...(o.requestAuth !== undefined ? { requestAuth: o.requestAuth } : {}),
    ...(o.filterMetadata !== undefined ? { filterMetadata: o.filterMetadata } : {}),
  };
}
