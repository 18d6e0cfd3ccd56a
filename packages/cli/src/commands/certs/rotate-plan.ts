import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  loadCaMaterial,
  type PkiFinding,
  planRootRotation,
  type RotationCa,
  readBundleDir,
  rotationCaFromMaterial,
} from "@meshwright/core";
import { CliError } from "../../output/errors";
import { renderTable, serialise } from "../../output/format";
import { outputFormat, parseAt, renderFindings } from "./report";

/** Options of `certs rotate-plan`. */
export interface RotatePlanOptions {
  readonly current?: string;
  readonly next?: string;
  readonly multiRoot?: boolean;
  readonly ambient?: boolean;
  readonly trustDomain?: string;
  readonly at?: string;
  readonly output?: string;
}

function clusterDirs(root: string, flag: string): string[] {
  try {
    return readdirSync(root)
      .filter((name) => statSync(join(root, name)).isDirectory())
      .sort();
  } catch {
    throw new CliError(`${flag}: cannot read directory ${root}`, 2);
  }
}

function rotationCa(dir: string, findings: PkiFinding[]): RotationCa | undefined {
  const bundle = readBundleDir(dir);
  const loaded = loadCaMaterial(bundle.files);
  findings.push(...bundle.findings, ...loaded.findings);
  return loaded.material ? rotationCaFromMaterial(loaded.material) : undefined;
}

/**
 * `certs rotate-plan --current <dir> --next <dir>`: both directories as `certs generate` writes
 * them (`<dir>/<cluster>/` cacerts). Prints the phases, what each cluster holds in each, whether
 * istiod restarts or ISTIO_MULTIROOT_MESH are needed, and the cross-cluster verification.
 * Exit 0 when every phase keeps every pair working, 1 otherwise, 2 on usage errors.
 */
export function runRotatePlan(options: RotatePlanOptions): number {
  const format = outputFormat(options.output);
  if (!options.current || !options.next)
    throw new CliError("--current <dir> and --next <dir> are required", 2);
  const current = clusterDirs(options.current, "--current");
  const next = new Set(clusterDirs(options.next, "--next"));
  const names = current.filter((c) => next.has(c));
  if (names.length === 0) throw new CliError("no cluster directory exists in both --current and --next", 2);
  const findings: PkiFinding[] = [];
  const clusters = names.flatMap((cluster) => {
    const now = rotationCa(join(options.current!, cluster), findings);
    const then = rotationCa(join(options.next!, cluster), findings);
    return now && then
      ? [{ cluster, current: now, next: then, ...(options.ambient ? { ambient: true } : {}) }]
      : [];
  });
  if (clusters.length !== names.length) {
    process.stdout.write(renderFindings(findings, format, "cannot plan: a bundle lacks its key or its root"));
    return 1;
  }
  const plan = planRootRotation({
    clusters,
    trustDomain: options.trustDomain ?? "cluster.local",
    multiRoot: Boolean(options.multiRoot),
    at: parseAt(options.at),
  });
  const phases = plan.phases.map((phase, index) => ({
    phase: index + 1,
    name: phase.name,
    title: phase.title,
    actions: phase.actions,
    istiodRestart: phase.istiodRestart,
    waitHours: phase.waitMs / 3_600_000,
    clusters: phase.clusters,
    verified: plan.verification[index]!.ok,
    handshakesChecked: plan.verification[index]!.checks.length,
  }));
  if (format === "json" || format === "yaml") {
    process.stdout.write(serialise({ ok: plan.ok, phases, findings: plan.findings }, format));
  } else {
    const rows = phases.flatMap((p) =>
      p.clusters.map((c, i) => [
        i === 0 ? `${p.phase}. ${p.name}` : "",
        c.cluster,
        c.trustedRoots.join("+"),
        c.signingCa,
        c.liveLeaves.join("+"),
        i === 0 ? (p.istiodRestart ? "restart istiod" : "hot reload") : "",
        i === 0 ? `${p.verified ? "ok" : "BREAKS"} (${p.handshakesChecked})` : "",
      ]),
    );
    process.stdout.write(
      renderTable(
        ["phase", "cluster", "root-cert.pem", "signs with", "live leaves", "istiod", "handshakes"],
        rows,
      ),
    );
    for (const p of phases)
      process.stdout.write(`\n${p.phase}. ${p.title}\n${p.actions.map((a) => `   - ${a}`).join("\n")}\n`);
    process.stdout.write(
      `\n${renderFindings(plan.findings, undefined, plan.ok ? "plan verified" : "plan breaks traffic")}`,
    );
  }
  return plan.ok ? 0 : 1;
}
