import { type Diagnostic, type IstioKinds, matchesLabelMap } from "@meshwright/core";
import { sortByCreation } from "../model/config-order";
import { routingDiagnostic } from "./codes";
import { isWildcardHost, mostSpecificHostMatch, resolveShortName } from "./host-name";
import { objectRef } from "./object-ref";
import {
  type ReadContext,
  readRecord,
  readRecordList,
  readString,
  readStringList,
  readStringMap,
} from "./spec-reader";

/** A DestinationRule `trafficPolicy` as the Istio CRD types it (also the shape of the merged policy). */
export type TrafficPolicy = NonNullable<NonNullable<IstioKinds["DestinationRule"]["spec"]>["trafficPolicy"]>;

/** One subset. */
export interface SubsetSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly trafficPolicy?: TrafficPolicy;
}

/** A DestinationRule, read: host resolved relative to its namespace (`ResolveShortnameToFQDN`). */
export interface DestinationRuleSpec {
  readonly ref: string;
  readonly name: string;
  readonly namespace: string;
  readonly creationTimestamp?: string;
  readonly host: string;
  /** Raw exportTo entries; `{"."}` when a workloadSelector is set (such rules are never exported). */
  readonly exportTo: ReadonlySet<string>;
  readonly selector?: Readonly<Record<string, string>>;
  readonly trafficPolicy?: TrafficPolicy;
  readonly subsets: readonly SubsetSpec[];
}

/**
 * Several DestinationRules for one host merged into one (`mergeDestinationRule`): subsets
 * concatenated (first definition of a name wins), the first top-level trafficPolicy kept.
 */
export interface ConsolidatedDestinationRule {
  readonly host: string;
  readonly namespace: string;
  /** The rules merged into this one, oldest first. */
  readonly from: readonly string[];
  readonly exportTo: ReadonlySet<string>;
  readonly selector?: Readonly<Record<string, string>>;
  readonly trafficPolicy?: TrafficPolicy;
  readonly subsets: readonly SubsetSpec[];
}

/** Reads DestinationRules of the client's cluster. */
export function parseDestinationRules(
  objects: readonly IstioKinds["DestinationRule"][],
  context: { readonly cluster: string; readonly domain: string },
): { rules: DestinationRuleSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rules: DestinationRuleSpec[] = [];
  for (const object of objects) {
    const ctx: ReadContext = { object: objectRef(object), cluster: context.cluster, diagnostics };
    const namespace = object.metadata.namespace ?? "default";
    const spec = readRecord(ctx, object.spec, "$.spec") ?? {};
    const host = readString(ctx, spec.host, "$.spec.host");
    if (host === undefined || host === "") {
      diagnostics.push(
        routingDiagnostic("DR_NO_HOST", {
          message: `${ctx.object} has no host`,
          path: "$.spec.host",
          cluster: context.cluster,
        }),
      );
      continue;
    }
    const selector = readStringMap(
      ctx,
      readRecord(ctx, spec.workloadSelector, "$.spec.workloadSelector")?.matchLabels,
      "$.spec.workloadSelector.matchLabels",
    );
    const exportTo = readStringList(ctx, spec.exportTo, "$.spec.exportTo") ?? [];
    const trafficPolicy = readRecord(ctx, spec.trafficPolicy, "$.spec.trafficPolicy") as
      | TrafficPolicy
      | undefined;
    rules.push({
      ref: ctx.object,
      name: object.metadata.name,
      namespace,
      ...(object.metadata.creationTimestamp !== undefined
        ? { creationTimestamp: object.metadata.creationTimestamp }
        : {}),
      host: resolveShortName(host, namespace, context.domain).toLowerCase(),
      // Rules with a workloadSelector are not exported to other namespaces (`setDestinationRules`).
      exportTo: selector !== undefined ? new Set(["."]) : new Set(exportTo),
      ...(selector !== undefined ? { selector } : {}),
      ...(trafficPolicy !== undefined ? { trafficPolicy } : {}),
      subsets: readRecordList(ctx, spec.subsets, "$.spec.subsets").map(({ record, index }) => {
        const policy = readRecord(ctx, record.trafficPolicy, `$.spec.subsets[${index}].trafficPolicy`);
        return {
          name: readString(ctx, record.name, `$.spec.subsets[${index}].name`) ?? "",
          labels: readStringMap(ctx, record.labels, `$.spec.subsets[${index}].labels`) ?? {},
          ...(policy !== undefined ? { trafficPolicy: policy as TrafficPolicy } : {}),
        };
      }),
    });
  }
  return { rules, diagnostics };
}

interface HostTable {
  readonly specific: Map<string, ConsolidatedDestinationRule[]>;
  readonly wildcard: Map<string, ConsolidatedDestinationRule[]>;
}

/** The DestinationRule indexes of one istiod (`PushContext.destinationRuleIndex`). */
export interface DestinationRuleIndex {
  /**
   * The DestinationRule a proxy uses for `host` (`PushContext.destinationRule` +
   * `SidecarScope.DestinationRule`): the proxy's namespace first (or the root namespace's private
   * rules for proxies in the root namespace), then rules exported from the service's namespace, then
   * from the root namespace; most specific host wins at each step. Among the candidates, a rule of the
   * proxy's namespace whose workloadSelector matches the proxy wins, else the last rule without selector.
   */
  lookup(
    proxy: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
    host: string,
    serviceNamespace: string | undefined,
  ): { rule: ConsolidatedDestinationRule; step: string } | undefined;
}

/**
 * Builds the index (`setDestinationRules`, with `ENABLE_ENHANCED_DESTINATIONRULE_MERGE`, default on:
 * rules with different exportTo stay separate). Rules are taken with selector first, then oldest first.
 */
export function indexDestinationRules(
  rules: readonly DestinationRuleSpec[],
  rootNamespace: string,
  cluster: string,
  defaultExportTo: readonly string[] = ["*"],
): { index: DestinationRuleIndex; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byTime = sortByCreation(
    rules.map((rule) => ({
      rule,
      metadata: {
        name: rule.name,
        namespace: rule.namespace,
        ...(rule.creationTimestamp !== undefined ? { creationTimestamp: rule.creationTimestamp } : {}),
      },
    })),
  ).map((entry) => entry.rule);
  const ordered = [
    ...byTime.filter((r) => r.selector !== undefined),
    ...byTime.filter((r) => r.selector === undefined),
  ];
  const namespaceLocal = new Map<string, HostTable>();
  const exported = new Map<string, HostTable>();
  const rootLocal = newTable();
  const tableOf = (map: Map<string, HostTable>, namespace: string) => {
    let table = map.get(namespace);
    if (table === undefined) {
      table = newTable();
      map.set(namespace, table);
    }
    return table;
  };
  for (const rule of ordered) {
    const ex = rule.exportTo;
    if (ex.size === 0 || ex.has("*") || ex.has(".") || ex.has(rule.namespace))
      merge(tableOf(namespaceLocal, rule.namespace), rule, diagnostics, cluster);
    // Without exportTo the mesh default applies; of it only "." matters here (`setDestinationRules`).
    const privateOnly =
      (ex.size === 0 && defaultExportTo.includes(".")) ||
      (ex.size === 1 && (ex.has(".") || ex.has(rule.namespace)));
    if (!privateOnly) merge(tableOf(exported, rule.namespace), rule, diagnostics, cluster);
    else if (rule.namespace === rootNamespace) merge(rootLocal, rule, diagnostics, cluster);
  }
  const exportedFrom = (owner: string, host: string, clientNamespace: string) => {
    const table = exported.get(owner);
    const found = table && matchHost(table, host);
    if (found === undefined) return undefined;
    const visible = found.filter(
      (r) => r.exportTo.size === 0 || r.exportTo.has("*") || r.exportTo.has(clientNamespace),
    );
    return visible.length > 0 ? visible : undefined;
  };
  return {
    diagnostics,
    index: {
      lookup(proxy, host, serviceNamespace) {
        const candidates: [ConsolidatedDestinationRule[] | undefined, string][] = [
          proxy.namespace !== rootNamespace
            ? [
                matchHost(namespaceLocal.get(proxy.namespace), host),
                `a rule in the client's namespace ${proxy.namespace}`,
              ]
            : [matchHost(rootLocal, host), `a rule private to the root namespace ${rootNamespace}`],
          [
            serviceNamespace !== undefined
              ? exportedFrom(serviceNamespace, host, proxy.namespace)
              : undefined,
            `a rule exported from the service's namespace ${serviceNamespace}`,
          ],
          [
            exportedFrom(rootNamespace, host, proxy.namespace),
            `a rule exported from the root namespace ${rootNamespace}`,
          ],
        ];
        for (const [list, step] of candidates) {
          if (list === undefined || list.length === 0) continue;
          const rule = pickForProxy(list, proxy);
          return rule === undefined ? undefined : { rule, step };
        }
        return undefined;
      },
    },
  };
}

function newTable(): HostTable {
  return { specific: new Map(), wildcard: new Map() };
}

function matchHost(table: HostTable | undefined, host: string): ConsolidatedDestinationRule[] | undefined {
  if (table === undefined) return undefined;
  return mostSpecificHostMatch(host, table.specific, table.wildcard)?.value;
}

/** `SidecarScope.DestinationRule`: a selector rule of the proxy's namespace that matches, else the last catch-all. */
function pickForProxy(
  list: readonly ConsolidatedDestinationRule[],
  proxy: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
): ConsolidatedDestinationRule | undefined {
  let catchAll: ConsolidatedDestinationRule | undefined;
  for (const rule of list) {
    if (rule.selector === undefined) catchAll = rule;
    else if (rule.namespace === proxy.namespace && matchesLabelMap(rule.selector, proxy.labels)) return rule;
  }
  return catchAll;
}

function setsEqual(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}

function sameSelector(a: ConsolidatedDestinationRule, b: DestinationRuleSpec): boolean {
  const x = a.selector ?? {};
  const y = b.selector ?? {};
  return Object.keys(x).length === Object.keys(y).length && matchesLabelMap(x, y);
}

/** `mergeDestinationRule` with enhanced merge: same exportTo (or a superset) and compatible selectors merge. */
function merge(
  table: HostTable,
  rule: DestinationRuleSpec,
  diagnostics: Diagnostic[],
  cluster: string,
): void {
  const map = isWildcardHost(rule.host) ? table.wildcard : table.specific;
  const list = map.get(rule.host);
  const fresh: ConsolidatedDestinationRule = {
    host: rule.host,
    namespace: rule.namespace,
    from: [rule.ref],
    exportTo: rule.exportTo,
    ...(rule.selector !== undefined ? { selector: rule.selector } : {}),
    ...(rule.trafficPolicy !== undefined ? { trafficPolicy: rule.trafficPolicy } : {}),
    subsets: rule.subsets,
  };
  if (list === undefined) {
    map.set(rule.host, [fresh]);
    return;
  }
  let appendSeparately = true;
  list.forEach((existing, i) => {
    if (setsEqual(rule.exportTo, existing.exportTo)) appendSeparately = false;
    else if (!(existing.exportTo.size > 0 && [...existing.exportTo].every((e) => rule.exportTo.has(e)))) {
      appendSeparately = true;
      return;
    }
    const bothWith = existing.selector !== undefined && rule.selector !== undefined;
    const bothWithout = existing.selector === undefined && rule.selector === undefined;
    if (bothWith && !sameSelector(existing, rule)) {
      appendSeparately = true;
      return;
    }
    if (bothWithout || bothWith) appendSeparately = false;
    const names = new Set(existing.subsets.map((s) => s.name));
    const added: SubsetSpec[] = [];
    for (const subset of rule.subsets) {
      if (!names.has(subset.name)) added.push(subset);
      else
        diagnostics.push(
          routingDiagnostic("DR_DUPLICATE_SUBSET", {
            message: `subset ${subset.name} of ${rule.host} is defined by ${existing.from[0]} and ${rule.ref}; ${existing.from[0]}'s definition is used`,
            path: "$.spec.subsets",
            cluster,
          }),
        );
    }
    const trafficPolicy = existing.trafficPolicy ?? rule.trafficPolicy;
    list[i] = {
      ...existing,
      from: [...existing.from, rule.ref],
      subsets: [...existing.subsets, ...added],
      ...(trafficPolicy !== undefined ? { trafficPolicy } : {}),
    };
  });
  if (appendSeparately) list.push(fresh);
}
