/**
 * Prints the x509-limbo results of the peer validator:
 * `pnpm exec tsx packages/core/src/pki/limbo/run-limbo.ts [limbo.json]`.
 */
import "reflect-metadata";
import { SIDECAR_POLICY, ZTUNNEL_POLICY } from "../validate/chain-policy";
import { runLimbo } from "./harness";
import { readLimboSuite } from "./suite-file";

const suite = readLimboSuite(process.argv[2]);
if (!suite) {
  process.stderr.write("limbo.json not found (pass its path)\n");
  process.exit(2);
}
for (const [name, policy] of [
  ["peer-sidecar", SIDECAR_POLICY],
  ["peer-ztunnel", ZTUNNEL_POLICY],
] as const) {
  for (const pedantic of [false, true]) {
    const started = performance.now();
    const summary = runLimbo(suite, { ...policy, pedantic });
    process.stdout.write(
      `${name}${pedantic ? " (pedantic)" : ""}: ${summary.conformant} conformant, ${summary.nonConformant} non-conformant, ${summary.skipped} skipped of ${suite.testcases.length} (${(performance.now() - started).toFixed(0)} ms)\n`,
    );
  }
}
