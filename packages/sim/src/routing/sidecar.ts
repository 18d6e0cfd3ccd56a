import { type Diagnostic, type IstioKinds, matchesLabelMap } from "@meshwright/core";
import { sortByCreation } from "../model/config-order";
import { routingDiagnostic } from "./codes";
import { hostSubsetOf, hostsMatch, isWildcardHost } from "./host-name";
import { objectRef } from "./object-ref";
import {
  type ReadContext,
  readNumber,
  readRecord,
  readRecordList,
  readString,
  readStringList,
  readStringMap,
} from "./spec-reader";

/** `outboundTrafficPolicy.mode`: what happens to traffic for hosts the proxy does not know. */
export type OutboundTrafficMode = "ALLOW_ANY" | "REGISTRY_ONLY";

/** One `egress` listener of a Sidecar, as written (hosts still relative to the config namespace). */
export interface SidecarEgress {
  /** The listener's port; absent = the catch-all listener. */
  readonly port?: number;
  readonly hosts: readonly string[];
}

/** A Sidecar object, read. */
export interface SidecarConfig {
  readonly ref: string;
  readonly name: string;
  readonly namespace: string;
  readonly selector?: Readonly<Record<string, string>>;
  /** Egress listeners; none written = one catch-all listener importing `*\/*` (`initSidecarScopeInternalIndexes`). */
  readonly egress: readonly SidecarEgress[];
  readonly outboundTrafficPolicy?: OutboundTrafficMode;
}

/**
 * The egress hosts of one namespace key (`hostClassification`): exact hosts for map lookups, all
 * imported hosts, and `~`-excluded hosts.
 */
export interface EgressHosts {
  readonly exact: ReadonlySet<string>;
  readonly all: readonly string[];
  readonly excluded: readonly string[];
}

/** The namespace key of `*\/host` imports. */
export const ANY_NAMESPACE = "*";

/**
 * Reads Sidecars (in Istio's precedence order: those with a workloadSelector first, each group
 * oldest first — `initSidecarScopes`). Hosts not of the form `namespace/dnsName` are reported and
 * skipped, as istiod logs and skips them.
 */
export function parseSidecars(
  objects: readonly IstioKinds["Sidecar"][],
  cluster: string,
): { sidecars: SidecarConfig[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ordered = sortByCreation(objects);
  const read = ordered.map((object) =>
    readSidecar(object, { object: objectRef(object), cluster, diagnostics }),
  );
  const sidecars = [
    ...read.filter((s) => s.selector !== undefined),
    ...read.filter((s) => s.selector === undefined),
  ];
  const defaults = new Map<string, SidecarConfig>();
  for (const sidecar of sidecars) {
    if (sidecar.selector !== undefined) continue;
    const first = defaults.get(sidecar.namespace);
    if (first === undefined) defaults.set(sidecar.namespace, sidecar);
    else
      diagnostics.push(
        routingDiagnostic("SIDECAR_AMBIGUOUS", {
          message: `${sidecar.ref} is ignored: ${first.ref} is the older selector-less Sidecar of ${sidecar.namespace}`,
          path: "$.spec",
          cluster,
        }),
      );
  }
  return { sidecars, diagnostics };
}

/** Warns about root-namespace Sidecars with a selector: they are not the mesh-wide default. */
export function rootSidecarDiagnostics(
  sidecars: readonly SidecarConfig[],
  rootNamespace: string,
  cluster: string,
): Diagnostic[] {
  return sidecars
    .filter((s) => s.namespace === rootNamespace && s.selector !== undefined)
    .map((s) =>
      routingDiagnostic("ROOT_SIDECAR_WITH_SELECTOR", {
        message: `${s.ref} has a workloadSelector, so it only applies to matching workloads in ${rootNamespace}, not mesh-wide`,
        path: "$.spec.workloadSelector",
        cluster,
      }),
    );
}

function readSidecar(object: IstioKinds["Sidecar"], ctx: ReadContext): SidecarConfig {
  const spec = readRecord(ctx, object.spec, "$.spec") ?? {};
  const selector = readStringMap(
    ctx,
    readRecord(ctx, spec.workloadSelector, "$.spec.workloadSelector")?.labels,
    "$.spec.workloadSelector.labels",
  );
  const egress: SidecarEgress[] = readRecordList(ctx, spec.egress, "$.spec.egress").map(
    ({ record, index }) => {
      const path = `$.spec.egress[${index}]`;
      const port = readNumber(
        ctx,
        readRecord(ctx, record.port, `${path}.port`)?.number,
        `${path}.port.number`,
      );
      const hosts = (readStringList(ctx, record.hosts, `${path}.hosts`) ?? []).filter((host, h) => {
        if ((host.match(/\//g) ?? []).length === 1) return true;
        ctx.diagnostics.push(
          routingDiagnostic("SIDECAR_HOST_INVALID", {
            message: `${ctx.object}: egress host ${JSON.stringify(host)} is not of the form namespace/dnsName`,
            path: `${path}.hosts[${h}]`,
            expected: "namespace/dnsName",
            found: host,
            ...(ctx.cluster !== undefined ? { cluster: ctx.cluster } : {}),
          }),
        );
        return false;
      });
      return { ...(port !== undefined ? { port } : {}), hosts };
    },
  );
  const mode = readString(
    ctx,
    readRecord(ctx, spec.outboundTrafficPolicy, "$.spec.outboundTrafficPolicy")?.mode,
    "$.spec.outboundTrafficPolicy.mode",
  );
  return {
    ref: ctx.object,
    name: object.metadata.name,
    namespace: object.metadata.namespace ?? "default",
    ...(selector !== undefined ? { selector } : {}),
    egress: egress.length > 0 ? egress : [{ hosts: ["*/*"] }],
    ...(mode === "ALLOW_ANY" || mode === "REGISTRY_ONLY" ? { outboundTrafficPolicy: mode } : {}),
  };
}

/** Which Sidecar governs a proxy, and the namespace its `./` hosts refer to. */
export interface SidecarSelection {
  readonly sidecar?: SidecarConfig;
  /** The proxy's namespace (the root Sidecar is applied *as if* it were in the proxy's namespace). */
  readonly configNamespace: string;
  readonly reason: string;
}

/**
 * The Sidecar of a proxy (`PushContext.getSidecarScope`): in the proxy's namespace, the first
 * Sidecar whose workloadSelector matches the proxy's labels, else the first without selector; else
 * the root namespace's selector-less Sidecar; else the implicit default (import everything).
 */
export function selectSidecar(
  sidecars: readonly SidecarConfig[],
  rootNamespace: string,
  proxy: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
): SidecarSelection {
  for (const sidecar of sidecars) {
    if (sidecar.namespace !== proxy.namespace) continue;
    if (sidecar.selector !== undefined && !matchesLabelMap(sidecar.selector, proxy.labels)) continue;
    return {
      sidecar,
      configNamespace: proxy.namespace,
      reason:
        sidecar.selector !== undefined
          ? `${sidecar.ref} selects this workload`
          : `${sidecar.ref} is the namespace default`,
    };
  }
  const root = sidecars.find((s) => s.namespace === rootNamespace && s.selector === undefined);
  if (root)
    return {
      sidecar: root,
      configNamespace: proxy.namespace,
      reason: `no Sidecar in ${proxy.namespace}; the root namespace's ${root.ref} applies`,
    };
  return {
    configNamespace: proxy.namespace,
    reason: "no Sidecar applies: the proxy imports every service exported to its namespace",
  };
}

/**
 * Groups egress hosts by namespace (`convertIstioListenerToWrapper`): `./` is the config
 * namespace, `~ns/host` excludes, a bare `~/host` excludes in every namespace.
 */
export function classifyEgressHosts(
  hosts: readonly string[],
  configNamespace: string,
): ReadonlyMap<string, EgressHosts> {
  const out = new Map<string, { exact: Set<string>; all: string[]; excluded: string[] }>();
  for (const entry of hosts) {
    const slash = entry.indexOf("/");
    let namespace = entry.slice(0, slash);
    const host = entry.slice(slash + 1);
    const excluded = namespace.startsWith("~");
    if (excluded) namespace = namespace.slice(1) || ANY_NAMESPACE;
    if (namespace === ".") namespace = configNamespace;
    const group = out.get(namespace) ?? { exact: new Set<string>(), all: [], excluded: [] };
    out.set(namespace, group);
    if (excluded) {
      group.excluded.push(host);
      continue;
    }
    if (!isWildcardHost(host)) group.exact.add(host);
    group.all.push(host);
  }
  return out;
}

/** Whether the hosts import a service hostname (`hostClassification.Matches`: exact, else ⊆ a wildcard). */
export function egressImportsHost(hosts: EgressHosts, hostname: string): boolean {
  if (hosts.exact.has(hostname)) return true;
  const wildcard = isWildcardHost(hostname);
  for (const imported of hosts.all) {
    if (!wildcard && !isWildcardHost(imported)) continue;
    if (hostSubsetOf(hostname, imported)) return true;
  }
  return false;
}

/**
 * Whether the hosts import a VirtualService host (`hostClassification.VSMatches`, legacy VirtualService
 * semantics): exact, else overlap in either direction with a wildcard (`*.com` in a VS is imported by
 * `ns/a.com`).
 */
export function egressImportsVirtualServiceHost(hosts: EgressHosts, vsHost: string): boolean {
  if (hosts.exact.has(vsHost)) return true;
  const wildcard = isWildcardHost(vsHost);
  for (const imported of hosts.all) {
    if (!wildcard && !isWildcardHost(imported)) continue;
    if (hostsMatch(vsHost, imported)) return true;
  }
  return false;
}

/** Whether a `~` entry excludes the host (`hostClassification.Excluded`). */
export function egressExcludesHost(hosts: EgressHosts | undefined, hostname: string): boolean {
  return hosts?.excluded.some((excluded) => hostSubsetOf(hostname, excluded)) === true;
}
