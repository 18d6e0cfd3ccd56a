/**
 * Kubernetes label syntax (`k8s.io/apimachinery/pkg/util/validation` IsQualifiedName /
 * IsValidLabelValue): key = optional DNS-1123 subdomain prefix + `/` + name of at most 63
 * characters; value = empty or at most 63 characters of the same alphabet.
 */

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for a DNS-1123 label (cluster names, namespace names): lowercase, at most 63 characters. */
export function isDns1123Label(text: string): boolean {
  return text.length <= 63 && DNS1123_LABEL.test(text);
}

/** Why `key` is not a valid label key, or `undefined` when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (
    prefix !== undefined &&
    (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
  ) {
    return "the prefix must be a DNS-1123 subdomain (lowercase, dots, at most 253 characters)";
  }
  if (name.length === 0 || name.length > 63) return "the name part must have 1 to 63 characters";
  if (!NAME.test(name)) {
    return "the name part must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** Why `value` is not a valid label value, or `undefined` when it is. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== "string")
    return `label values must be strings (quote it in YAML), found ${typeof value}`;
  if (value.length === 0) return undefined;
  if (value.length > 63) return "label values have at most 63 characters";
  if (!NAME.test(value)) {
    return "label values must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}
