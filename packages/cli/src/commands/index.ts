import type { Command } from "commander";
import { registerCerts } from "./certs";
import { registerDemo } from "./demo";
import { registerEndpoints } from "./endpoints";
import { registerTrace } from "./trace";
import { registerValidate } from "./validate";

/** A subcommand: adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand, in `--help` order. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerCerts,
  registerTrace,
  registerEndpoints,
  registerDemo,
];
