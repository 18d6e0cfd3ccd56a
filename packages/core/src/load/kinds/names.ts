/**
 * Kubernetes name and label syntax (k8s.io/apimachinery/pkg/util/validation/validation.go:
 * IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue,
 * IsValidPortName; path.IsValidPathSegmentName).
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** How a kind's `metadata.name` is validated by the API server. */
export type NameRule = "dns1123-label" | "dns1123-subdomain" | "dns1035-label" | "path-segment";

/** DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** DNS-1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** Whether `name` satisfies `rule`. */
export function isValidName(name: string, rule: NameRule): boolean {
  switch (rule) {
    case "dns1123-label":
      return isDns1123Label(name);
    case "dns1123-subdomain":
      return isDns1123Subdomain(name);
    case "dns1035-label":
      return name.length <= 63 && DNS1035_LABEL.test(name);
    case "path-segment":
      return name !== "" && name !== "." && name !== ".." && !name.includes("/") && !name.includes("%");
  }
}

/** Describes a rule for messages. */
export function describeNameRule(rule: NameRule): string {
  switch (rule) {
    case "dns1123-label":
      return "a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)";
    case "dns1123-subdomain":
      return "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)";
    case "dns1035-label":
      return "a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters)";
    case "path-segment":
      return "a name without '/' or '%' (and not '.' or '..')";
  }
}

/** A label or annotation key: `[DNS-subdomain prefix/]name`, name at most 63 characters. */
export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf("/");
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  if (prefix !== undefined && (prefix.length === 0 || !isDns1123Subdomain(prefix))) return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** A label value: empty, or at most 63 alphanumerics, '-', '_', '.' starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** An IANA service name (port names, named targetPorts): at most 15 characters, a letter, no '--'. */
export function isIanaServiceName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 15 &&
    IANA_SVC_NAME.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes("--") &&
    !name.startsWith("-") &&
    !name.endsWith("-")
  );
}

/** A ConfigMap / Secret data key. */
export function isConfigKey(key: string): boolean {
  return key.length <= 253 && CONFIG_KEY.test(key) && key !== "." && key !== "..";
}
