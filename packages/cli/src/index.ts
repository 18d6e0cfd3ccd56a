/** @meshwright/cli: the `meshwright` command as a library (for embedding and tests). */
export { createProgram, runCli } from "./program";
