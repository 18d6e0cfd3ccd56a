import type { Fault } from "./fault";

/** The fault syntax of the CLI and of reports, one example per kind. */
export const FAULT_SYNTAX: readonly string[] = [
  "cluster-down=<cluster>",
  "gateway-down=<cluster>[/<gateway>]",
  "gateway-no-address=<cluster>[/<gateway>]",
  "unhealthy=<workload-id>[,<workload-id>...]",
  "ejected=<workload-id>[,<workload-id>...]",
  "partition=<network>,<network>",
  "remote-api-unreachable=<istiod cluster>:<remote cluster>[:stale|none]",
];

/**
 * Parses `kind=value` (e.g. `cluster-down=aks-cluster`, `partition=network1,network2`) into a
 * Fault, or says what was expected.
 */
export function parseFault(text: string): Fault | { readonly error: string } {
  const eq = text.indexOf("=");
  const kind = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? "" : text.slice(eq + 1).trim();
  const expected = `expected one of: ${FAULT_SYNTAX.join(" | ")}`;
  if (value === "") return { error: `fault ${JSON.stringify(text)} has no value; ${expected}` };
  const list = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  switch (kind) {
    case "cluster-down":
      return { kind, cluster: value };
    case "gateway-down":
    case "gateway-no-address": {
      const [cluster, gateway] = value.split("/", 2) as [string, string | undefined];
      return gateway ? { kind, cluster, gateway } : { kind, cluster };
    }
    case "unhealthy":
    case "ejected":
      return { kind, workloads: list };
    case "partition":
      return list.length === 2
        ? { kind, networks: [list[0]!, list[1]!] }
        : { error: `partition needs exactly two networks: ${value}` };
    case "remote-api-unreachable": {
      const [istiod, remote, mode = "stale"] = value.split(":");
      if (!istiod || !remote || (mode !== "stale" && mode !== "none")) {
        return { error: `remote-api-unreachable needs <istiod>:<remote>[:stale|none], got ${value}` };
      }
      return { kind, istiod, remote, mode };
    }
    default:
      return { error: `unknown fault ${JSON.stringify(kind)}; ${expected}` };
  }
}
