/**
 * `meshwright authz --mesh <mesh.yaml> --from <workload> --to <url>`: simulates the request and
 * explains the authorization decision taken at its server: the enforcing proxy, the
 * PeerAuthentication in force, every applied AuthorizationPolicy and whether it matched, the deciding
 * rule, dry-run shadows, AUDIT matches and the notes on rules the proxy dropped. Exit 0 when the
 * request is allowed, 1 when it is denied or fails before reaching the server, 2 on usage errors
 * and invalid meshes.
 */
import { type AuthzExplanation, explainAuthorization, type Trace } from "@meshwright/sim";
import type { Command } from "commander";
import { colors, renderTable, serialise } from "../output/format";
import { outputFormat } from "../output/options";
import { type RequestOptions, requestFromOptions, withRequestOptions, withSimulationOptions } from "./trace";

/** The explanation as text: who enforced, PeerAuthentication, verdict, policies, shadows, notes. */
export function renderAuthz(trace: Trace, e: AuthzExplanation): string {
  const d = e.decision;
  const verdict = d.decision === "ALLOW" ? colors.green("ALLOW") : colors.red("DENY");
  const pa = d.peerAuthentication;
  const paSource =
    pa && "policy" in pa.source && pa.source.policy
      ? `${pa.source.scope} policy ${pa.source.policy}`
      : "Istio's default";
  const lines = [
    colors.bold(
      `${trace.request.method} ${trace.request.to} from ${trace.source.workload} (${trace.source.identity})`,
    ),
    `enforcer: ${e.enforcer} for ${e.server} (hop ${e.hop}), port ${e.request.destination.port}, ${e.request.source.mtls ? `mTLS peer ${e.request.source.principal ?? "(no principal)"}` : "plaintext"}, source ${e.request.source.ip}`,
    ...(pa ? [`PeerAuthentication: ${pa.mode} (${paSource})`] : []),
    `decision: ${verdict} — ${d.reason}`,
    `deciding rule: ${d.deciding ? `${d.deciding.action} ${d.deciding.policy}, rule ${d.deciding.ruleIndex}` : "none (no rule matched: the default for the policies present)"}`,
  ];
  if (!e.consistent) {
    lines.push(
      colors.yellow(`note: the trace recorded "${e.traced.decision}"; the explanation above re-decided it`),
    );
  }
  const out = [lines.join("\n")];
  if (d.applied.length > 0) {
    out.push(
      renderTable(
        ["POLICY", "ACTION", "DRY-RUN", "MATCHED", "RULE"],
        d.applied.map((p) => [
          p.policy,
          p.provider ? `${p.action} (${p.provider})` : p.action,
          p.dryRun ? "yes" : "",
          p.matched ? "yes" : "no",
          p.ruleIndex === undefined ? "" : String(p.ruleIndex),
        ]),
      ).trimEnd(),
    );
  } else out.push("policies: none apply to this workload");
  for (const s of d.shadow) {
    out.push(
      `dry-run ${s.action}${s.provider ? ` (${s.provider})` : ""}: ${s.matched ? `matched ${s.policy ?? ""} rule ${s.ruleIndex ?? ""}` : "no match"}${s.result ? ` → would ${s.result}` : ""}`,
    );
  }
  for (const a of d.audit) out.push(`audit: ${a.policy} rule ${a.ruleIndex}`);
  for (const x of d.extAuthz)
    out.push(`ext-authz ${x.provider}: ${x.verdict} (${x.policy} rule ${x.ruleIndex})`);
  for (const n of d.notes)
    out.push(
      `note: ${n.policy}${n.ruleIndex === undefined ? "" : ` rule ${n.ruleIndex}`}: ${n.message} (${n.source})`,
    );
  return `${out.join("\n")}\n`;
}

/** Registers `authz`. */
export function registerAuthz(program: Command): void {
  withSimulationOptions(
    withRequestOptions(
      program
        .command("authz")
        .description(
          "Explain the authorization decision for one request: enforcer, policies, deciding rule, dry-run.",
        ),
    ),
  )
    .addHelpText(
      "after",
      `
Examples:
  meshwright authz --mesh mesh.yaml --from eks-cluster/default/eks-shell --to echo-service.app-a.svc.cluster.local:8080
  meshwright authz --mesh mesh.yaml --from cluster1/sample/curl --to http://api.shop:8080/admin -X POST -o json`,
    )
    .action((options: RequestOptions) => {
      const format = outputFormat(options.output);
      const { sim, trace, headers } = requestFromOptions(options);
      const explanation = explainAuthorization(sim, trace, headers);
      if (format === "json" || format === "yaml") {
        process.stdout.write(serialise({ outcome: trace.outcome, explanation: explanation ?? null }, format));
      } else if (explanation) {
        process.stdout.write(renderAuthz(trace, explanation));
      } else {
        const why = trace.outcome.ok
          ? "the server has no mesh proxy"
          : `${trace.outcome.name}: ${trace.outcome.reason}`;
        process.stdout.write(
          `no authorization decision: the request never reached a server proxy (${why})\n`,
        );
      }
      process.exitCode = explanation?.decision.decision === "ALLOW" ? 0 : 1;
    });
}
