import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run as runCli } from "../cli-test-support";

/**
 * docs/diagrams.md embeds diagrams made by the command. Each is preceded by an HTML comment holding
 * the exact command (`<!-- generated: meshwright diagram ... -->`): a Mermaid block that follows is
 * its standard output; a command with `-o <file>` wrote that file (docs/images/*.svg). This test runs
 * every such command and compares, so the docs always show what meshwright really draws; accept an
 * intended change with UPDATE_GOLDEN=1 (which rewrites the blocks and files).
 */
const REPO = resolve(import.meta.dirname, "../../../../..");
const DOC = join(REPO, "docs/diagrams.md");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const GENERATED = /<!-- generated: meshwright ([^\n]*?) -->\n(?:```mermaid\n([\s\S]*?)```\n)?/g;

const scratch = mkdtempSync(join(tmpdir(), "meshwright-docs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The command's arguments with its file paths made absolute (the doc's paths are repository-relative). */
function argumentsOf(command: string): { args: string[]; output?: string } {
  const args = command.split(/\s+/);
  let output: string | undefined;
  for (let i = 0; i < args.length - 1; i++) {
    if (args[i] === "--mesh" || args[i] === "-o") {
      const path = isAbsolute(args[i + 1]!) ? args[i + 1]! : join(REPO, args[i + 1]!);
      if (args[i] === "-o") {
        output = path;
        args[i + 1] = join(scratch, `out-${i}`);
      } else args[i + 1] = path;
    }
  }
  return { args, ...(output === undefined ? {} : { output }) };
}

describe("docs/diagrams.md shows what the command draws", () => {
  const doc = readFileSync(DOC, "utf8");
  const blocks = [...doc.matchAll(GENERATED)];

  it("embeds a Mermaid example and the committed SVG", () => {
    expect(blocks.some((b) => b[2] !== undefined)).toBe(true);
    expect(blocks.some((b) => b[1]!.includes("-o docs/images/seed-000.svg"))).toBe(true);
  });

  it.each(blocks.map((b) => [b[1]!, b]))("%s", async (_command, block) => {
    const { args, output } = argumentsOf(block[1]!);
    const run = await runCli(...args);
    expect(run.code).toBe(0);
    if (output !== undefined) {
      const drawn = readFileSync(args[args.indexOf("-o") + 1]!, "utf8");
      if (UPDATE) writeFileSync(output, drawn);
      else expect(drawn).toBe(readFileSync(output, "utf8"));
    } else if (UPDATE) {
      const current = readFileSync(DOC, "utf8");
      writeFileSync(
        DOC,
        current.replace(
          block[0],
          `<!-- generated: meshwright ${block[1]} -->\n\`\`\`mermaid\n${run.stdout}\`\`\`\n`,
        ),
      );
    } else {
      expect(run.stdout).toBe(block[2]);
    }
  });
});
