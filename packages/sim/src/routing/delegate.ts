import type { Diagnostic } from "@meshwright/core";
import { routingDiagnostic } from "./codes";
import { visibleIn } from "./export-to";
import type { StringMatcher } from "./string-match";
import type { HttpMatchSpec, HttpRouteSpec, VirtualServiceSpec } from "./virtual-service";

/**
 * Expands `delegate` routes of a root VirtualService (`virtualservice_controller.go`
 * mergeVirtualServices + `virtualservice.go` MergeHTTPRoutes): each delegating route is replaced by
 * the delegate's routes, with the root's match merged into each delegate match. A delegate that does
 * not exist or is not exported to the root's namespace drops that route; a delegate match that
 * conflicts with every root match drops the delegate route. Delegates of delegates are not followed.
 */
export function expandDelegates(
  root: VirtualServiceSpec,
  delegates: ReadonlyMap<string, VirtualServiceSpec>,
  cluster: string,
): { http: HttpRouteSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const http: HttpRouteSpec[] = [];
  for (const route of root.http) {
    if (route.action.kind !== "delegate") {
      http.push({ ...route, index: http.length });
      continue;
    }
    const key = `${route.action.namespace}/${route.action.name}`;
    const delegate = delegates.get(key);
    if (delegate === undefined || !visibleIn(delegate.exportTo, delegate.namespace, root.namespace)) {
      diagnostics.push(
        routingDiagnostic("VS_DELEGATE_NOT_FOUND", {
          message: `${root.ref} http[${route.index}] delegates to VirtualService ${key}, which ${delegate === undefined ? "does not exist (or has hosts)" : `is not exported to ${root.namespace}`}; the route is ignored`,
          path: `$.spec.http[${route.index}].delegate`,
          cluster,
        }),
      );
      continue;
    }
    for (const leaf of delegate.http) {
      if (leaf.action.kind === "delegate") continue;
      const matches = mergeMatches(route.matches, leaf.matches);
      if (matches === undefined) {
        diagnostics.push(
          routingDiagnostic("VS_DELEGATE_CONFLICT", {
            message: `${delegate.ref} http[${leaf.index}] conflicts with every match of ${root.ref} http[${route.index}]; it is ignored`,
            path: `$.spec.http[${leaf.index}].match`,
            cluster,
          }),
        );
        continue;
      }
      const name =
        leaf.name === undefined
          ? route.name
          : route.name === undefined
            ? leaf.name
            : `${route.name}-${leaf.name}`;
      const abort = leaf.abort ?? route.abort;
      const delay = leaf.delay ?? route.delay;
      http.push({
        index: http.length,
        ...(name !== undefined ? { name } : {}),
        origin: `${delegate.ref} http[${leaf.index}]`,
        matches,
        action: leaf.action,
        ...(abort !== undefined ? { abort } : {}),
        ...(delay !== undefined ? { delay } : {}),
      });
    }
  }
  return { http, diagnostics };
}

/** `mergeHTTPMatchRequests`: every delegate match must fit at least one root match; undefined = conflict. */
function mergeMatches(
  roots: readonly HttpMatchSpec[],
  leaves: readonly HttpMatchSpec[],
): HttpMatchSpec[] | undefined {
  if (roots.length === 0) return [...leaves];
  if (leaves.length === 0) return [...roots];
  const out: HttpMatchSpec[] = [];
  for (const leaf of leaves) {
    let found = false;
    for (const root of roots) {
      if (hasConflict(root, leaf)) continue;
      out.push(mergeMatch(root, leaf, out.length));
      found = true;
    }
    if (!found) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

/** `mergeHTTPMatchRequest`: the delegate's fields, with the root's filling what it leaves unset. */
function mergeMatch(root: HttpMatchSpec, leaf: HttpMatchSpec, index: number): HttpMatchSpec {
  const name =
    leaf.name === undefined ? root.name : root.name === undefined ? leaf.name : `${root.name}-${leaf.name}`;
  const uri = leaf.uri ?? root.uri;
  const scheme = leaf.scheme ?? root.scheme;
  const method = leaf.method ?? root.method;
  const authority = leaf.authority ?? root.authority;
  const port = leaf.port ?? root.port;
  const sourceNamespace = leaf.sourceNamespace ?? root.sourceNamespace;
  const sourceLabels =
    root.sourceLabels === undefined && leaf.sourceLabels === undefined
      ? undefined
      : { ...root.sourceLabels, ...leaf.sourceLabels };
  return {
    index,
    ...(name !== undefined ? { name } : {}),
    ...(uri !== undefined ? { uri } : {}),
    ...(scheme !== undefined ? { scheme } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(authority !== undefined ? { authority } : {}),
    headers: mergeEntries(root.headers, leaf.headers),
    withoutHeaders: mergeEntries(root.withoutHeaders, leaf.withoutHeaders),
    queryParams: mergeEntries(root.queryParams, leaf.queryParams),
    ignoreUriCase: leaf.ignoreUriCase,
    ...(port !== undefined ? { port } : {}),
    ...(sourceLabels !== undefined ? { sourceLabels } : {}),
    ...(sourceNamespace !== undefined ? { sourceNamespace } : {}),
    gateways: leaf.gateways.length > 0 ? leaf.gateways : root.gateways,
  };
}

function mergeEntries(
  root: readonly (readonly [string, StringMatcher])[],
  leaf: readonly (readonly [string, StringMatcher])[],
): (readonly [string, StringMatcher])[] {
  const merged = new Map(root);
  for (const [key, matcher] of leaf) merged.set(key, matcher);
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `hasConflict`: the delegate match must be narrower than the root match in every field. */
function hasConflict(root: HttpMatchSpec, leaf: HttpMatchSpec): boolean {
  const pairs: [StringMatcher | undefined, StringMatcher | undefined][] = [
    [root.uri, leaf.uri],
    [root.scheme, leaf.scheme],
    [root.method, leaf.method],
    [root.authority, leaf.authority],
  ];
  const rootHeaders = new Map(root.headers);
  const rootWithout = new Map(root.withoutHeaders);
  const rootQuery = new Map(root.queryParams);
  for (const [key, matcher] of leaf.headers) pairs.push([rootHeaders.get(key), matcher]);
  for (const [key, matcher] of leaf.withoutHeaders) pairs.push([rootWithout.get(key), matcher]);
  for (const [key, matcher] of leaf.queryParams) pairs.push([rootQuery.get(key), matcher]);
  if (pairs.some(([r, l]) => stringMatchConflict(r, l))) return true;
  if (root.ignoreUriCase !== leaf.ignoreUriCase) return true;
  if (root.port !== undefined && leaf.port !== undefined && root.port !== leaf.port) return true;
  if (root.sourceNamespace !== undefined && leaf.sourceNamespace !== root.sourceNamespace) return true;
  for (const [key, value] of Object.entries(leaf.sourceLabels ?? {})) {
    const rootValue = root.sourceLabels?.[key];
    if (rootValue !== undefined && rootValue !== value) return true;
  }
  if (root.gateways.length > 0 && leaf.gateways.length > 0) {
    if (root.gateways.length < leaf.gateways.length) return true;
    if (leaf.gateways.some((g) => !root.gateways.includes(g))) return true;
  }
  return false;
}

/** `stringMatchConflict`; a presence check (`regex: "*"`) counts as a regex, as in Istio's source. */
function stringMatchConflict(root: StringMatcher | undefined, leaf: StringMatcher | undefined): boolean {
  if (root === undefined || leaf === undefined) return false;
  const isRegex = (m: StringMatcher) => m.kind === "regex" || m.kind === "present" || m.kind === "never";
  if (isRegex(root) || isRegex(leaf)) return true;
  if (root.kind === "exact") return leaf.kind !== "exact" || leaf.value !== root.value;
  if (root.kind === "prefix" && (leaf.kind === "prefix" || leaf.kind === "exact"))
    return !leaf.value.startsWith(root.value);
  return true;
}
