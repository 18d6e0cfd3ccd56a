import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands";
import { CliError } from "./output/errors";

/** Builds the `meshwright` program with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command("meshwright")
    .description("Model, check and simulate multi-cluster Istio meshes offline.")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/**
 * Runs the CLI and returns the exit code. Every error becomes a message on stderr and an exit
 * code; no stack trace reaches the user unless MESHWRIGHT_DEBUG is set.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`meshwright: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`meshwright: internal error: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.MESHWRIGHT_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 70;
  }
}
