import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSeed } from "@meshwright/examples";
import { diagramText } from "../commands/diagram/diagram-text";
import type { DemoReport } from "./seed-000-demo";

/**
 * The demo's diagrams: the seed-000 topology (Mermaid for Markdown, SVG), and the two headline
 * requests drawn over it — EKS default → AKS (nested HBONE) and the denied ECS → AKS call.
 */
export async function writeDemoDiagrams(outDir: string, report: DemoReport): Promise<string[]> {
  const mesh = loadSeed("000").mesh;
  if (!mesh) return [];
  const allowed = report.part10[0]?.trace;
  const denied = report.part11.find((c) => !c.trace.outcome.ok)?.trace;
  const wanted: { file: string; format: string; trace?: typeof allowed }[] = [
    { file: "topology.mmd", format: "mermaid" },
    { file: "topology.svg", format: "svg" },
    ...(allowed
      ? [
          { file: "eks-to-aks.svg", format: "svg", trace: allowed },
          { file: "eks-to-aks.mmd", format: "mermaid", trace: allowed },
        ]
      : []),
    ...(denied ? [{ file: "ecs-to-aks-denied.svg", format: "svg", trace: denied }] : []),
  ];
  const written: string[] = [];
  for (const { file, format, trace } of wanted) {
    const output = await diagramText({ mesh, format, ...(trace ? { trace } : {}) });
    if (output.text === undefined) continue;
    const path = join(outDir, file);
    writeFileSync(path, output.text);
    written.push(path);
  }
  return written;
}
