/** Runs the CLI in-process for the command tests, capturing what it writes (not exported from the package). */
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import { runCli } from "../program";

/** The seed-000 Mesh document shipped with the examples. */
export const SEED_000 = fileURLToPath(
  new URL("../../../examples/meshes/seed-000-eks-ecs-aks-ambient/mesh.yaml", import.meta.url),
);

/** Seed 000's Part 11 AuthorizationPolicies (an overlay for aks-cluster). */
export const PART_11 = fileURLToPath(
  new URL(
    "../../../examples/meshes/seed-000-eks-ecs-aks-ambient/overlays/part-11-authorization-policies.yaml",
    import.meta.url,
  ),
);

/** What one CLI run produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `meshwright <argv>` in-process and returns its exit code and what it wrote. */
export async function run(...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}
