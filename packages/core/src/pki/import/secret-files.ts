import type { BundleFiles } from "../bundle/layouts";
import { type PkiFinding, pkiFinding } from "../finding";

/**
 * The files of a `cacerts` (or `kubernetes.io/tls`) Secret object: base64 `data` and plain
 * `stringData`, as `kubectl create secret generic cacerts --from-file=...` writes them.
 */
export function bundleFilesFromSecret(secret: unknown): { files: BundleFiles; findings: PkiFinding[] } {
  const object = secret as { kind?: unknown; data?: unknown; stringData?: unknown } | null;
  if (!object || typeof object !== "object" || object.kind !== "Secret") {
    return {
      files: {},
      findings: [
        pkiFinding("INVALID_INPUT", {
          message: "the object is not a Kubernetes Secret",
          path: "$.kind",
          expected: "Secret",
          found: typeof object?.kind === "string" ? object.kind : typeof secret,
        }),
      ],
    };
  }
  const files: Record<string, string> = {};
  const findings: PkiFinding[] = [];
  const data = (object.data ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(data)) {
    if (typeof value !== "string" || !/^[A-Za-z0-9+/=\s]*$/.test(value)) {
      findings.push(
        pkiFinding("INVALID_INPUT", {
          message: `Secret data "${name}" is not base64`,
          path: `$.data["${name}"]`,
          fix: "Secret data values are base64-encoded; put plain PEM under stringData instead",
        }),
      );
      continue;
    }
    files[name] = Buffer.from(value, "base64").toString("utf8");
  }
  for (const [name, value] of Object.entries((object.stringData ?? {}) as Record<string, unknown>)) {
    if (typeof value === "string") files[name] = value;
  }
  return { files, findings };
}
