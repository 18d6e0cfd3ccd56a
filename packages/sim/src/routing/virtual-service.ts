import type { Diagnostic, IstioKinds } from "@meshwright/core";
import { routingDiagnostic } from "./codes";
import { type ExportTo, parseExportTo } from "./export-to";
import { resolveShortName } from "./host-name";
import { objectRef } from "./object-ref";
import {
  type ReadContext,
  readBoolean,
  readNumber,
  readRecord,
  readRecordList,
  readString,
  readStringList,
  readStringMap,
} from "./spec-reader";
import { readStringMatch, type StringMatcher } from "./string-match";

/** The gateway name that binds a VirtualService to every sidecar (and waypoint) of the mesh. */
export const MESH_GATEWAY = "mesh";

/** A route destination (`Destination` + weight), host already resolved to its FQDN. */
export interface RouteDestinationSpec {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** As written; 0 when omitted. */
  readonly weight: number;
}

/** What a route's source-side predicates require of the client (`sourceMatchHTTP`, `matchTCP`). */
export interface SourcePredicates {
  readonly sourceLabels?: Readonly<Record<string, string>>;
  readonly sourceNamespace?: string;
  /** Resolved gateway names (`ns/name` or `mesh`); empty = no gateway restriction. */
  readonly gateways: readonly string[];
  /** `port`: the destination (listener) port. */
  readonly port?: number;
}

/** One `HTTPMatchRequest`. */
export interface HttpMatchSpec extends SourcePredicates {
  readonly index: number;
  readonly name?: string;
  readonly uri?: StringMatcher;
  readonly scheme?: StringMatcher;
  readonly method?: StringMatcher;
  readonly authority?: StringMatcher;
  /** Header name (lower-cased) → matcher. */
  readonly headers: readonly (readonly [string, StringMatcher])[];
  readonly withoutHeaders: readonly (readonly [string, StringMatcher])[];
  readonly queryParams: readonly (readonly [string, StringMatcher])[];
  readonly ignoreUriCase: boolean;
}

/** `fault.abort`: Envoy aborts `percentage`% of requests; no percentage means 0% (istio/istio#36303). */
export interface AbortSpec {
  readonly httpStatus?: number;
  readonly grpcStatus?: string;
  readonly percentage: number;
}

/** What an HTTP route does when it matches. */
export type HttpActionSpec =
  | { readonly kind: "route"; readonly destinations: readonly RouteDestinationSpec[] }
  | {
      readonly kind: "redirect";
      readonly status: number;
      readonly uri?: string;
      readonly authority?: string;
      readonly scheme?: string;
      readonly port?: number;
    }
  | { readonly kind: "direct-response"; readonly status: number; readonly body?: string }
  | { readonly kind: "delegate"; readonly name: string; readonly namespace: string };

/** One `HTTPRoute`. */
export interface HttpRouteSpec {
  /** Position in the (merged) route list, which is the order Envoy evaluates. */
  readonly index: number;
  readonly name?: string;
  /** Where a route merged from a delegate came from, e.g. `VirtualService/ns/d http[1]`. */
  readonly origin?: string;
  /** Empty = matches every request. */
  readonly matches: readonly HttpMatchSpec[];
  readonly action: HttpActionSpec;
  readonly abort?: AbortSpec;
  readonly delay?: { readonly fixedDelay?: string; readonly percentage: number };
}

/** One `TCPRoute` (`L4MatchAttributes`). */
export interface TcpRouteSpec {
  readonly index: number;
  readonly matches: readonly (SourcePredicates & {
    readonly index: number;
    readonly destinationSubnets: readonly string[];
  })[];
  readonly destinations: readonly RouteDestinationSpec[];
}

/** One `TLSRoute` (`TLSMatchAttributes`). */
export interface TlsRouteSpec {
  readonly index: number;
  readonly matches: readonly (SourcePredicates & {
    readonly index: number;
    readonly sniHosts: readonly string[];
    readonly destinationSubnets: readonly string[];
  })[];
  readonly destinations: readonly RouteDestinationSpec[];
}

/**
 * A VirtualService with short names resolved relative to its namespace
 * (`ResolveVirtualServiceShortnames`): hosts, destinations and gateway references.
 */
export interface VirtualServiceSpec {
  readonly ref: string;
  readonly name: string;
  readonly namespace: string;
  readonly creationTimestamp?: string;
  /** Lower-cased, resolved hosts; empty for delegate VirtualServices. */
  readonly hosts: readonly string[];
  /** Resolved gateways; `["mesh"]` when none are listed (`getGatewayNames`). */
  readonly gateways: readonly string[];
  readonly exportTo: ExportTo;
  readonly http: readonly HttpRouteSpec[];
  readonly tcp: readonly TcpRouteSpec[];
  readonly tls: readonly TlsRouteSpec[];
}

/** What reading a VirtualService needs besides the object. */
export interface VirtualServiceContext {
  readonly cluster: string;
  /** Kubernetes DNS domain for short names (`cluster.local`). */
  readonly domain: string;
  readonly defaultExportTo: readonly string[];
}

/**
 * Reads VirtualServices. A VirtualService without hosts is kept only as a possible delegate. Weight
 * sums other than 100 on multi-destination routes are reported (Istio's validation rejects them).
 */
export function parseVirtualServices(
  objects: readonly IstioKinds["VirtualService"][],
  context: VirtualServiceContext,
): { virtualServices: VirtualServiceSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const virtualServices = objects.map((object) =>
    readVirtualService(object, context, { object: objectRef(object), cluster: context.cluster, diagnostics }),
  );
  return { virtualServices, diagnostics };
}

function readVirtualService(
  object: IstioKinds["VirtualService"],
  context: VirtualServiceContext,
  ctx: ReadContext,
): VirtualServiceSpec {
  const namespace = object.metadata.namespace ?? "default";
  const spec = readRecord(ctx, object.spec, "$.spec") ?? {};
  const resolve = (host: string) => resolveShortName(host, namespace, context.domain);
  const hosts = (readStringList(ctx, spec.hosts, "$.spec.hosts") ?? []).map((h) => resolve(h).toLowerCase());
  const gateways = (readStringList(ctx, spec.gateways, "$.spec.gateways") ?? []).map((g) =>
    resolveGatewayName(g, namespace),
  );
  const exportTo = parseExportTo(
    readStringList(ctx, spec.exportTo, "$.spec.exportTo"),
    namespace,
    context.defaultExportTo,
    "$.spec.exportTo",
  );
  ctx.diagnostics.push(...exportTo.diagnostics.map((d) => ({ ...d, cluster: context.cluster })));
  const http = readRecordList(ctx, spec.http, "$.spec.http").map(({ record, index }) =>
    readHttpRoute(ctx, record, index, namespace, resolve),
  );
  const isDelegate = hosts.length === 0;
  if (isDelegate && http.length === 0)
    ctx.diagnostics.push(
      routingDiagnostic("VS_NO_HOSTS", {
        message: `${ctx.object} has no hosts and no http routes to delegate; it routes nothing`,
        path: "$.spec.hosts",
        cluster: context.cluster,
      }),
    );
  return {
    ref: ctx.object,
    name: object.metadata.name,
    namespace,
    ...(object.metadata.creationTimestamp !== undefined
      ? { creationTimestamp: object.metadata.creationTimestamp }
      : {}),
    hosts,
    gateways: gateways.length > 0 ? gateways : [MESH_GATEWAY],
    exportTo: exportTo.exportTo,
    http,
    tcp: readRecordList(ctx, spec.tcp, "$.spec.tcp").map(({ record, index }) => ({
      index,
      matches: readRecordList(ctx, record.match, `$.spec.tcp[${index}].match`).map((m) => ({
        index: m.index,
        ...readSourcePredicates(ctx, m.record, `$.spec.tcp[${index}].match[${m.index}]`, namespace),
        destinationSubnets:
          readStringList(
            ctx,
            m.record.destinationSubnets,
            `$.spec.tcp[${index}].match[${m.index}].destinationSubnets`,
          ) ?? [],
      })),
      destinations: readDestinations(ctx, record.route, `$.spec.tcp[${index}].route`, resolve),
    })),
    tls: readRecordList(ctx, spec.tls, "$.spec.tls").map(({ record, index }) => ({
      index,
      matches: readRecordList(ctx, record.match, `$.spec.tls[${index}].match`).map((m) => {
        const path = `$.spec.tls[${index}].match[${m.index}]`;
        return {
          index: m.index,
          ...readSourcePredicates(ctx, m.record, path, namespace),
          sniHosts: (readStringList(ctx, m.record.sniHosts, `${path}.sniHosts`) ?? []).map((h) =>
            h.toLowerCase(),
          ),
          destinationSubnets:
            readStringList(ctx, m.record.destinationSubnets, `${path}.destinationSubnets`) ?? [],
        };
      }),
      destinations: readDestinations(ctx, record.route, `$.spec.tls[${index}].route`, resolve),
    })),
  };
}

function readHttpRoute(
  ctx: ReadContext,
  record: Record<string, unknown>,
  index: number,
  namespace: string,
  resolve: (host: string) => string,
): HttpRouteSpec {
  const path = `$.spec.http[${index}]`;
  const name = readString(ctx, record.name, `${path}.name`);
  const matches = readRecordList(ctx, record.match, `${path}.match`).map(({ record: m, index: i }) =>
    readHttpMatch(ctx, m, i, `${path}.match[${i}]`, namespace),
  );
  const fault = readRecord(ctx, record.fault, `${path}.fault`);
  const abort = readAbort(ctx, fault?.abort, `${path}.fault.abort`);
  const delayRecord = readRecord(ctx, fault?.delay, `${path}.fault.delay`);
  const fixedDelay = readString(ctx, delayRecord?.fixedDelay, `${path}.fault.delay.fixedDelay`);
  return {
    index,
    ...(name !== undefined ? { name } : {}),
    matches,
    action: readHttpAction(ctx, record, path, namespace, resolve),
    ...(abort !== undefined ? { abort } : {}),
    ...(delayRecord !== undefined
      ? {
          delay: {
            ...(fixedDelay !== undefined ? { fixedDelay } : {}),
            percentage: readPercentage(ctx, delayRecord, `${path}.fault.delay`),
          },
        }
      : {}),
  };
}

function readHttpAction(
  ctx: ReadContext,
  record: Record<string, unknown>,
  path: string,
  namespace: string,
  resolve: (host: string) => string,
): HttpActionSpec {
  const redirect = readRecord(ctx, record.redirect, `${path}.redirect`);
  if (redirect !== undefined) {
    const uri = readString(ctx, redirect.uri, `${path}.redirect.uri`);
    const authority = readString(ctx, redirect.authority, `${path}.redirect.authority`);
    const scheme = readString(ctx, redirect.scheme, `${path}.redirect.scheme`);
    const port = readNumber(ctx, redirect.port, `${path}.redirect.port`);
    return {
      kind: "redirect",
      // HTTPRedirect.redirectCode defaults to 301 (MOVED_PERMANENTLY, `ApplyRedirect`).
      status: readNumber(ctx, redirect.redirectCode, `${path}.redirect.redirectCode`) ?? 301,
      ...(uri !== undefined ? { uri } : {}),
      ...(authority !== undefined ? { authority } : {}),
      ...(scheme !== undefined ? { scheme } : {}),
      ...(port !== undefined ? { port } : {}),
    };
  }
  const direct = readRecord(ctx, record.directResponse, `${path}.directResponse`);
  if (direct !== undefined) {
    const body = readRecord(ctx, direct.body, `${path}.directResponse.body`);
    const text = readString(ctx, body?.string, `${path}.directResponse.body.string`);
    return {
      kind: "direct-response",
      status: readNumber(ctx, direct.status, `${path}.directResponse.status`) ?? 200,
      ...(text !== undefined ? { body: text } : {}),
    };
  }
  const delegate = readRecord(ctx, record.delegate, `${path}.delegate`);
  if (delegate !== undefined) {
    return {
      kind: "delegate",
      name: readString(ctx, delegate.name, `${path}.delegate.name`) ?? "",
      namespace: readString(ctx, delegate.namespace, `${path}.delegate.namespace`) ?? namespace,
    };
  }
  return { kind: "route", destinations: readDestinations(ctx, record.route, `${path}.route`, resolve) };
}

function readHttpMatch(
  ctx: ReadContext,
  record: Record<string, unknown>,
  index: number,
  path: string,
  namespace: string,
): HttpMatchSpec {
  const name = readString(ctx, record.name, `${path}.name`);
  const uri = readStringMatch(ctx, record.uri, `${path}.uri`);
  const scheme = readStringMatch(ctx, record.scheme, `${path}.scheme`);
  const method = readStringMatch(ctx, record.method, `${path}.method`);
  const authority = readStringMatch(ctx, record.authority, `${path}.authority`);
  return {
    index,
    ...(name !== undefined ? { name } : {}),
    ...(uri !== undefined ? { uri } : {}),
    ...(scheme !== undefined ? { scheme } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(authority !== undefined ? { authority } : {}),
    headers: readMatcherMap(ctx, record.headers, `${path}.headers`, true),
    withoutHeaders: readMatcherMap(ctx, record.withoutHeaders, `${path}.withoutHeaders`, true),
    queryParams: readMatcherMap(ctx, record.queryParams, `${path}.queryParams`, false),
    ignoreUriCase: readBoolean(ctx, record.ignoreUriCase, `${path}.ignoreUriCase`) ?? false,
    ...readSourcePredicates(ctx, record, path, namespace),
  };
}

/** Header names are compared lower-cased (HTTP/2 and Envoy); query parameter names as written. */
function readMatcherMap(
  ctx: ReadContext,
  value: unknown,
  path: string,
  lowerCaseKeys: boolean,
): (readonly [string, StringMatcher])[] {
  const record = readRecord(ctx, value, path) ?? {};
  const out: (readonly [string, StringMatcher])[] = [];
  for (const key of Object.keys(record).sort()) {
    const matcher = readStringMatch(ctx, record[key] ?? {}, `${path}.${key}`) ?? { kind: "present" };
    out.push([lowerCaseKeys ? key.toLowerCase() : key, matcher]);
  }
  return out;
}

function readSourcePredicates(
  ctx: ReadContext,
  record: Record<string, unknown>,
  path: string,
  namespace: string,
): SourcePredicates {
  const sourceLabels = readStringMap(ctx, record.sourceLabels, `${path}.sourceLabels`);
  const sourceNamespace = readString(ctx, record.sourceNamespace, `${path}.sourceNamespace`);
  const port = readNumber(ctx, record.port, `${path}.port`);
  return {
    ...(sourceLabels !== undefined ? { sourceLabels } : {}),
    ...(sourceNamespace !== undefined && sourceNamespace !== "" ? { sourceNamespace } : {}),
    gateways: (readStringList(ctx, record.gateways, `${path}.gateways`) ?? []).map((g) =>
      resolveGatewayName(g, namespace),
    ),
    ...(port !== undefined && port !== 0 ? { port } : {}),
  };
}

function readDestinations(
  ctx: ReadContext,
  value: unknown,
  path: string,
  resolve: (host: string) => string,
): RouteDestinationSpec[] {
  const destinations = readRecordList(ctx, value, path).map(({ record, index }) => {
    const destination = readRecord(ctx, record.destination, `${path}[${index}].destination`) ?? {};
    const host = readString(ctx, destination.host, `${path}[${index}].destination.host`) ?? "";
    const subset = readString(ctx, destination.subset, `${path}[${index}].destination.subset`);
    const port = readNumber(
      ctx,
      readRecord(ctx, destination.port, `${path}[${index}].destination.port`)?.number,
      `${path}[${index}].destination.port.number`,
    );
    return {
      host: resolve(host).toLowerCase(),
      ...(subset !== undefined && subset !== "" ? { subset } : {}),
      ...(port !== undefined && port !== 0 ? { port } : {}),
      weight: readNumber(ctx, record.weight, `${path}[${index}].weight`) ?? 0,
    };
  });
  const total = destinations.reduce((sum, d) => sum + d.weight, 0);
  if (destinations.length > 1 && total !== 100)
    ctx.diagnostics.push(
      routingDiagnostic("VS_WEIGHTS_NOT_100", {
        message: `${ctx.object}: the weights of ${path} add up to ${total}, not 100`,
        path,
        expected: "100",
        found: String(total),
        ...(ctx.cluster !== undefined ? { cluster: ctx.cluster } : {}),
      }),
    );
  return destinations;
}

function readAbort(ctx: ReadContext, value: unknown, path: string): AbortSpec | undefined {
  const record = readRecord(ctx, value, path);
  if (record === undefined) return undefined;
  const httpStatus = readNumber(ctx, record.httpStatus, `${path}.httpStatus`);
  const grpcStatus = readString(ctx, record.grpcStatus, `${path}.grpcStatus`);
  return {
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(grpcStatus !== undefined ? { grpcStatus } : {}),
    percentage: readPercentage(ctx, record, path),
  };
}

/** `percentage.value`, else the deprecated integer `percent`, else 0 (Envoy's default FractionalPercent). */
function readPercentage(ctx: ReadContext, record: Record<string, unknown>, path: string): number {
  const percentage = readRecord(ctx, record.percentage, `${path}.percentage`);
  const value = readNumber(ctx, percentage?.value, `${path}.percentage.value`);
  if (value !== undefined) return Math.min(100, Math.max(0, value));
  const percent = readNumber(ctx, record.percent, `${path}.percent`);
  return percent !== undefined ? Math.min(100, Math.max(0, percent)) : 0;
}

/**
 * Resolves a gateway reference (`resolveGatewayName`): `mesh` stays; `name` → `<ns>/name`;
 * `./name` → `<ns>/name`; legacy `name.ns.svc.cluster.local` → `ns/name`.
 */
export function resolveGatewayName(gateway: string, namespace: string): string {
  if (gateway === MESH_GATEWAY) return gateway;
  const slash = gateway.indexOf("/");
  if (slash >= 0) return gateway.startsWith("./") ? `${namespace}/${gateway.slice(2)}` : gateway;
  const dot = gateway.indexOf(".");
  if (dot < 0) return `${namespace}/${gateway}`;
  const rest = gateway.slice(dot + 1);
  const nextDot = rest.indexOf(".");
  return `${nextDot < 0 ? rest : rest.slice(0, nextDot)}/${gateway.slice(0, dot)}`;
}
