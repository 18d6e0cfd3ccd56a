import type { Hop } from "@meshwright/sim";
import { colors, renderTable } from "../output/format";
import { renderTrace } from "../output/trace-render";
import type { DemoCall, DemoReport } from "./seed-000-demo";

/** The path of a trace in one line: `app →TCP ztunnel →double HBONE eastwest-gateway → ...`. */
export function pathLine(hops: readonly Hop[]): string {
  if (hops.length === 0) return "(no hop: failed before the first connection)";
  const first = hops[0]!;
  return [first.from.role, ...hops.map((h) => `-${h.protocol}-> ${h.to.role}${h.failed ? " ✗" : ""}`)].join(
    " ",
  );
}

function callRows(calls: readonly DemoCall[]): string[][] {
  return calls.map((c) => [
    c.from,
    c.url,
    c.trace.outcome.ok ? colors.green("OK") : colors.red(c.trace.outcome.name),
    c.trace.symptom,
    pathLine(c.trace.hops),
    c.asExpected ? "yes" : colors.red("NO"),
  ]);
}

/** The demo's human output: the PKI, the Part 10 calls, the Part 11 checks, the files written. */
export function renderDemo(report: DemoReport, seconds: number): string {
  const head = ["from", "to", "outcome", "what the caller sees", "path", "as the guide says"];
  const pki = report.pki.clusters
    .map(
      (c) =>
        `  ${c.cluster}: cacerts in ${c.dir} — istiod would ${c.istiodLoads ? "load it" : colors.red("refuse it")}${c.findings.length ? ` (${c.findings.join("; ")})` : ""}`,
    )
    .join("\n");
  const clusters = report.clusters.map((c) => `${c.name} (${c.provider}, ${c.network})`).join(", ");
  return [
    colors.bold(`meshwright demo: ${report.mesh}`),
    `clusters: ${clusters}`,
    "",
    colors.bold(
      "1. PKI: one shared root, one intermediate per cluster (generated, written, checked as istiod loads it)",
    ),
    pki,
    "",
    colors.bold("2. Part 10: cross-cloud calls (every TLS/HBONE session verified with those certificates)"),
    renderTable(head, callRows(report.part10)).trimEnd(),
    "",
    colors.bold("3. Part 11: deny-all + allow from namespace default on port 8080 in app-a"),
    renderTable(head, callRows(report.part11)).trimEnd(),
    "",
    colors.bold("4. Hop by hop: EKS default → AKS, then ECS → AKS under the Part 11 policies"),
    ...[report.part10[0], report.part11.find((c) => !c.trace.outcome.ok)]
      .filter((c): c is DemoCall => c !== undefined)
      .map((c) => renderTrace(c.trace).trimEnd()),
    "",
    `report and diagrams: ${report.files.filter((f) => !f.includes("/certs/")).join(", ")}`,
    report.ok
      ? colors.green(`every outcome matches the guide (${seconds.toFixed(1)} s)`)
      : colors.red(`some outcomes differ from the guide (${seconds.toFixed(1)} s)`),
    "",
  ].join("\n");
}
