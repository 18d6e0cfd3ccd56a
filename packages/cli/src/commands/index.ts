import type { Command } from "commander";
import { registerAuthz } from "./authz";
import { registerCerts } from "./certs";
import { registerDemo } from "./demo";
import { registerDiagram } from "./diagram";
import { registerDiff } from "./diff";
import { registerEndpoints } from "./endpoints";
import { registerMatrix } from "./matrix";
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
  registerAuthz,
  registerMatrix,
  registerDiff,
  registerDiagram,
  registerDemo,
];
