import { matchesLabelMap } from "@meshwright/core";
import type { RoutingProxy } from "./route-result";
import { describeMatcher, stringMatches } from "./string-match";
import { type HttpMatchSpec, MESH_GATEWAY, type SourcePredicates } from "./virtual-service";

/** The gateway names a sidecar's routes are built for (`meshGateway` in `buildSidecarVirtualHostsForVirtualService`). */
const SIDECAR_GATEWAYS: ReadonlySet<string> = new Set([MESH_GATEWAY]);

/**
 * Whether an HTTP match's config-time predicates keep the route for this proxy (`sourceMatchHTTP`,
 * `TranslateRoute`): `port` must equal the listener port; if `gateways` are listed, one of them
 * must be `mesh` — and then `sourceLabels`/`sourceNamespace` are *not* checked (Istio's quirk);
 * otherwise `sourceLabels` ⊆ the proxy's augmented labels (so `topology.istio.io/cluster` works) and
 * `sourceNamespace` equals the proxy's namespace.
 */
export function httpSourceMatches(match: HttpMatchSpec, proxy: RoutingProxy, listenerPort: number): boolean {
  if (match.port !== undefined && match.port !== listenerPort) return false;
  if (match.gateways.length > 0) return match.gateways.some((g) => SIDECAR_GATEWAYS.has(g));
  return sourceLabelsAndNamespace(match, proxy);
}

/**
 * `matchTCP` / `matchTLS`: every listed predicate must hold (gateways include `mesh`, labels,
 * port, namespace); unlike HTTP, gateways do not switch the label check off.
 */
export function l4SourceMatches(match: SourcePredicates, proxy: RoutingProxy, listenerPort: number): boolean {
  if (match.gateways.length > 0 && !match.gateways.some((g) => SIDECAR_GATEWAYS.has(g))) return false;
  if (match.port !== undefined && match.port !== listenerPort) return false;
  return sourceLabelsAndNamespace(match, proxy);
}

function sourceLabelsAndNamespace(match: SourcePredicates, proxy: RoutingProxy): boolean {
  if (match.sourceLabels !== undefined && !matchesLabelMap(match.sourceLabels, proxy.labels)) return false;
  return match.sourceNamespace === undefined || match.sourceNamespace === proxy.namespace;
}

/** A request reduced to what Envoy's route matchers read. */
export interface MatchableRequest {
  /** Path without the query string. */
  readonly path: string;
  readonly query: ReadonlyMap<string, string>;
  readonly method: string;
  readonly scheme: string;
  readonly authority: string;
  /** Lower-cased header names. */
  readonly headers: ReadonlyMap<string, string>;
}

/** Splits a request path into path and query parameters (first value of each name, as Envoy reads them). */
export function matchableRequest(input: {
  readonly path?: string;
  readonly method?: string;
  readonly scheme?: string;
  readonly authority: string;
  readonly headers?: Readonly<Record<string, string>>;
}): MatchableRequest {
  const full = input.path ?? "/";
  const q = full.indexOf("?");
  const path = q < 0 ? full : full.slice(0, q);
  const query = new Map<string, string>();
  if (q >= 0) {
    for (const pair of full.slice(q + 1).split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const name = decodeQuery(eq < 0 ? pair : pair.slice(0, eq));
      if (!query.has(name)) query.set(name, eq < 0 ? "" : decodeQuery(pair.slice(eq + 1)));
    }
  }
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(input.headers ?? {})) headers.set(name.toLowerCase(), value);
  return {
    path,
    query,
    method: input.method ?? "GET",
    scheme: input.scheme ?? "http",
    authority: input.authority,
    headers,
  };
}

function decodeQuery(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * Evaluates one match against a request (Envoy `RouteMatch` as `TranslateRouteMatch` builds it).
 * Returns undefined on a match, else the first predicate that failed (for explanations).
 * `withoutHeaders` inverts the header matcher and treats a missing header as empty, except for
 * presence checks, where it means "header absent".
 */
export function httpRequestMismatch(match: HttpMatchSpec, request: MatchableRequest): string | undefined {
  if (match.uri !== undefined && !stringMatches(match.uri, request.path, match.ignoreUriCase))
    return `uri ${describeMatcher(match.uri)} does not match ${JSON.stringify(request.path)}`;
  if (match.scheme !== undefined && !stringMatches(match.scheme, request.scheme))
    return `scheme ${describeMatcher(match.scheme)} does not match ${request.scheme}`;
  if (match.method !== undefined && !stringMatches(match.method, request.method))
    return `method ${describeMatcher(match.method)} does not match ${request.method}`;
  if (match.authority !== undefined && !stringMatches(match.authority, request.authority))
    return `authority ${describeMatcher(match.authority)} does not match ${JSON.stringify(request.authority)}`;
  for (const [name, matcher] of match.headers) {
    const value = headerValue(request, name);
    if (!stringMatches(matcher, value))
      return `header ${name} ${describeMatcher(matcher)} does not match ${value === undefined ? "(absent)" : JSON.stringify(value)}`;
  }
  for (const [name, matcher] of match.withoutHeaders) {
    const value = headerValue(request, name);
    const matched = matcher.kind === "present" ? value !== undefined : stringMatches(matcher, value ?? "");
    if (matched) return `withoutHeaders ${name} ${describeMatcher(matcher)} matches the request`;
  }
  for (const [name, matcher] of match.queryParams) {
    const value = request.query.get(name);
    if (!stringMatches(matcher, value))
      return `query parameter ${name} ${describeMatcher(matcher)} does not match ${value === undefined ? "(absent)" : JSON.stringify(value)}`;
  }
  return undefined;
}

/** Pseudo-headers resolve to the request line; others come from the header map. */
function headerValue(request: MatchableRequest, name: string): string | undefined {
  switch (name) {
    case ":authority":
      return request.authority;
    case ":method":
      return request.method;
    case ":path":
      return request.path;
    case ":scheme":
      return request.scheme;
    default:
      return request.headers.get(name);
  }
}
