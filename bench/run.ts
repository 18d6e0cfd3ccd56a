/**
 * `pnpm bench [name...]`: builds the packages the benches import, then runs every
 * `bench/<name>.bench.ts` (or the named ones) in its own Node process, one after the other, so each
 * reports its own time and peak memory undisturbed. Each bench prints its figures itself; this
 * runner only sequences them.
 *
 * The benches run against the built packages (`bench/tsconfig.json` maps `@meshwright/*` to their
 * `dist`), which is what users run: the sources, as the dev transpiler serves them, name every
 * closure they create (esbuild's keepNames), which costs hot paths some 10 %. Running a bench file
 * directly (`node --import tsx bench/<name>.bench.ts`) measures the sources.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

/** Builds one package with its own tsup config (what `pnpm build` runs there). */
function build(pkg: string): void {
  const require = createRequire(join(root, "package.json"));
  const manifest = require.resolve("tsup/package.json");
  const cli = join(dirname(manifest), (require(manifest) as { bin: { tsup: string } }).bin.tsup);
  const result = spawnSync(process.execPath, [cli, "--silent"], {
    stdio: "inherit",
    cwd: join(root, "packages", pkg),
  });
  if (result.status !== 0) {
    process.stderr.write(`building ${pkg} failed\n`);
    process.exit(1);
  }
}

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

for (const pkg of ["core", "sim"]) build(pkg);
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name} ==\n`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--expose-gc", join(here, `${name}.bench.ts`)],
    {
      stdio: "inherit",
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(here, "tsconfig.json") },
    },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
