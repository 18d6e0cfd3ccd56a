/**
 * `pnpm bench [name...]`: runs every `bench/<name>.bench.ts` (or the named ones) in its own Node
 * process, one after the other, so each reports its own time and peak memory undisturbed.
 * Each bench prints its figures itself; this runner only sequences them.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.slice(0, -".bench.ts".length))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

if (benches.length === 0) {
  process.stderr.write(`no bench matches ${wanted.join(", ")}\n`);
  process.exit(2);
}

let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name} ==\n`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--expose-gc", join(here, `${name}.bench.ts`)],
    {
      stdio: "inherit",
      cwd: join(here, ".."),
    },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
