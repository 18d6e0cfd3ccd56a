/**
 * What meshwright knows about any object's kind: built-in, a CRD from the catalogue, or unknown;
 * whether it is namespaced; and how its name is validated.
 */
import { splitApiVersion } from "../../model/kube-object";
import { type CrdVersion, crdVersions } from "../schema/crd-catalogue";
import { type BuiltinKind, builtinKind } from "./builtin-kinds";
import type { NameRule } from "./names";

/** Facts about the kind of one object. */
export type KindFacts =
  | {
      readonly source: "builtin";
      readonly namespaced: boolean;
      readonly nameRule: NameRule;
      readonly builtin: BuiltinKind;
    }
  | {
      readonly source: "crd";
      readonly namespaced: boolean;
      readonly nameRule: NameRule;
      /** Every version of the kind; `version` is the object's, when it is one of them. */
      readonly versions: readonly CrdVersion[];
      readonly version?: CrdVersion;
    }
  | { readonly source: "unknown"; readonly namespaced: boolean; readonly nameRule: NameRule };

/** Facts already computed, by apiVersion and kind (bounded: hostile input may invent any number of kinds). */
const cache = new Map<string, KindFacts>();
const CACHE_LIMIT = 1024;

/** Facts for `apiVersion` + `kind`. Unknown kinds are assumed namespaced (as most custom resources are). */
export function kindFacts(apiVersion: string, kind: string): KindFacts {
  const key = `${apiVersion}\u0000${kind}`;
  let facts = cache.get(key);
  if (!facts) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    facts = computeKindFacts(apiVersion, kind);
    cache.set(key, facts);
  }
  return facts;
}

function computeKindFacts(apiVersion: string, kind: string): KindFacts {
  const { group, version } = splitApiVersion(apiVersion);
  const builtin = builtinKind(group, kind);
  if (builtin)
    return { source: "builtin", namespaced: builtin.namespaced, nameRule: builtin.nameRule, builtin };
  const versions = crdVersions(group, kind);
  if (versions) {
    const known = versions.find((v) => v.version === version);
    const scope = (known ?? versions[0]!).scope;
    // Custom resource names are DNS-1123 subdomains (apiextensions-apiserver default name validation).
    return {
      source: "crd",
      namespaced: scope === "Namespaced",
      nameRule: "dns1123-subdomain",
      versions,
      ...(known ? { version: known } : {}),
    };
  }
  return { source: "unknown", namespaced: true, nameRule: "path-segment" };
}
