import type { Diagnostic } from "@meshwright/core";
import { routingDiagnostic } from "./codes";

/**
 * An `exportTo` list as istiod reads it (`pkg/config/visibility`): `*` = every namespace (public),
 * `.` = the object's own namespace (private), `~` = nobody, or namespace names.
 */
export interface ExportTo {
  readonly public: boolean;
  readonly none: boolean;
  /** `.` or the object's own namespace written out. */
  readonly private: boolean;
  /** Other namespaces named explicitly. */
  readonly namespaces: ReadonlySet<string>;
  /** False when the object had no `exportTo` and the mesh default applies. */
  readonly declared: boolean;
}

/** Mesh-wide defaults (MeshConfig `defaultServiceExportTo` & co.); Istio's default is `["*"]` for all three. */
export interface ExportToDefaults {
  readonly service: readonly string[];
  readonly virtualService: readonly string[];
  readonly destinationRule: readonly string[];
}

/** Istio's defaults when MeshConfig sets none (`PushContext.initDefaultExportMaps`). */
export const DEFAULT_EXPORT_TO: ExportToDefaults = Object.freeze({
  service: ["*"],
  virtualService: ["*"],
  destinationRule: ["*"],
});

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads an `exportTo` list of an object in `ownNamespace`; an absent or empty list takes `defaults`.
 * Invalid entries (what Istio's validation webhook rejects: `~` or `*` combined with anything else,
 * bad namespace names) are reported and ignored.
 */
export function parseExportTo(
  values: readonly string[] | undefined,
  ownNamespace: string,
  defaults: readonly string[],
  path: string,
): { exportTo: ExportTo; diagnostics: Diagnostic[] } {
  const declared = values !== undefined && values.length > 0;
  const source = declared ? values : defaults;
  const diagnostics: Diagnostic[] = [];
  let isPublic = false;
  let none = false;
  let isPrivate = false;
  const namespaces = new Set<string>();
  if (declared && source.length > 1 && (source.includes("~") || source.includes("*"))) {
    diagnostics.push(
      routingDiagnostic("EXPORT_TO_INVALID", {
        message: `exportTo ${JSON.stringify(source)} combines "~" or "*" with other entries`,
        path,
        expected: '"*" alone, "~" alone, or "." and namespace names',
        found: source.join(", "),
      }),
    );
  }
  source.forEach((value, index) => {
    if (value === "*") isPublic = true;
    else if (value === "~") none = true;
    else if (value === "." || value === ownNamespace) isPrivate = true;
    else if (NAMESPACE.test(value)) namespaces.add(value);
    else
      diagnostics.push(
        routingDiagnostic("EXPORT_TO_INVALID", {
          message: `exportTo entry ${JSON.stringify(value)} is not ".", "*", "~" or a namespace name`,
          path: `${path}[${index}]`,
          expected: "a DNS-1123 namespace name",
          found: value,
        }),
      );
  });
  return {
    exportTo: { public: isPublic, none: none && !isPublic, private: isPrivate, namespaces, declared },
    diagnostics,
  };
}

/**
 * Whether an object of `ownerNamespace` with this `exportTo` is visible in `clientNamespace`
 * (`PushContext.IsServiceVisible`; the same rule for VirtualServices): public, or private and
 * same namespace, or the client namespace listed. `~` alone hides it from everyone.
 */
export function visibleIn(exportTo: ExportTo, ownerNamespace: string, clientNamespace: string): boolean {
  if (exportTo.public) return true;
  if (exportTo.none && !exportTo.private && exportTo.namespaces.size === 0) return false;
  if (exportTo.private && ownerNamespace === clientNamespace) return true;
  return exportTo.namespaces.has(clientNamespace);
}

/** A one-line rendering for explanations: `*`, `.`, `~` or the namespaces. */
export function describeExportTo(exportTo: ExportTo): string {
  if (exportTo.public) return "*";
  const parts = [...(exportTo.private ? ["."] : []), ...[...exportTo.namespaces].sort()];
  if (parts.length === 0) return "~";
  return parts.join(",");
}
