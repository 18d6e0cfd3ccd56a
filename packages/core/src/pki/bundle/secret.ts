import type { KubeObject } from "../../model";
import type { BundleFiles } from "./layouts";

/** The Secret istiod mounts: `cacerts` in the root namespace, Opaque for Istio's layout, kubernetes.io/tls otherwise. */
export function toSecret(
  files: BundleFiles,
  options: { readonly name?: string; readonly namespace?: string; readonly layout?: "istio" | "tls" } = {},
): KubeObject {
  const data: Record<string, string> = {};
  for (const [name, content] of Object.entries(files))
    data[name] = Buffer.from(content, "utf8").toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: options.name ?? "cacerts", namespace: options.namespace ?? "istio-system" },
    type: options.layout === "tls" ? "kubernetes.io/tls" : "Opaque",
    data,
  };
}
