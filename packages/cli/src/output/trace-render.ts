import type { DistributionSummary, EndpointTable, Trace } from "@meshwright/sim";
import { colors, renderTable } from "./format";

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The hop table of a trace, then its outcome line (and the reason and fix when it failed). */
export function renderTrace(trace: Trace): string {
  const rows = trace.hops.map((hop) => [
    String(hop.index),
    `${hop.from.role} ${hop.from.id}`,
    `${hop.to.role} ${hop.to.id}\n${hop.to.address}`,
    hop.protocol,
    [hop.sni ? `SNI ${hop.sni}` : "", ...(hop.authority ?? []).map((a) => `CONNECT ${a}`)]
      .filter(Boolean)
      .join("\n"),
    hop.decisions.map((d) => `${d.kind}: ${d.decision}`).join("\n"),
  ]);
  const head = `${colors.bold(`${trace.request.method} ${trace.request.to}`)} from ${trace.source.workload} (${trace.source.dataplane}, ${trace.source.identity})`;
  const faults = trace.faults.length > 0 ? `faults: ${trace.faults.join("; ")}\n` : "";
  const outcome = trace.outcome.ok
    ? colors.green(`OK  ${trace.symptom}`)
    : `${colors.red(`FAIL ${trace.outcome.code} ${trace.outcome.name}`)}  ${trace.symptom}\n  why: ${trace.outcome.reason}\n  fix: ${trace.outcome.fix}`;
  return `${head}\n${faults}${renderTable(["#", "from", "to", "protocol", "SNI / authority", "decisions"], rows)}${outcome}\n`;
}

/**
 * Why a table is empty, from its explanation: without it an empty table reads as "nothing there"
 * when the simulator knows the reason (the host does not resolve, the istiod knows no such
 * service, every endpoint was filtered out). A table with rows keeps its explanation for -o json.
 */
function whyEmpty(rows: readonly unknown[], explanation: readonly string[]): string {
  if (rows.length > 0 || explanation.length === 0) return "";
  return explanation.map((line) => `  why: ${line}\n`).join("");
}

/** The share of requests per workload, then per cluster (and why there is none, when there is none). */
export function renderDistribution(summary: DistributionSummary): string {
  const rows = summary.rows.map((r) => [
    r.workload,
    r.cluster,
    r.locality,
    String(r.priority),
    r.via ?? "",
    percent(r.share),
  ]);
  const clusters = Object.entries(summary.byCluster)
    .map(([c, s]) => `${c} ${percent(s)}`)
    .join(", ");
  return `${renderTable(["workload", "cluster", "locality", "priority", "via", "share"], rows)}balancer: ${summary.balancer}; by cluster: ${clusters || "none"}\n${whyEmpty(rows, summary.explanation)}`;
}

/** An endpoint table like `istioctl proxy-config endpoints` (and why it is empty, when it is). */
export function renderEndpoints(table: EndpointTable): string {
  const rows = table.rows.map((r) => [
    r.endpoint,
    r.status,
    r.kind === "workload" ? (r.workload ?? "") : `${r.kind} for ${(r.represents ?? []).length} workload(s)`,
    r.locality,
    r.priority === undefined ? "" : String(r.priority),
    String(r.weight),
    r.transport ?? "",
  ]);
  return `${colors.bold(table.cluster)} at ${table.proxy.workload} (${table.proxy.kind})\n${renderTable(["ENDPOINT", "STATUS", "WORKLOAD", "LOCALITY", "PRIORITY", "WEIGHT", "TRANSPORT"], rows)}${whyEmpty(rows, table.explanation)}`;
}
