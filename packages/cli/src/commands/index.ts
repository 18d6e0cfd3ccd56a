import type { Command } from "commander";

/** A subcommand: adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand, in `--help` order. */
export const COMMANDS: readonly RegisterCommand[] = [];
