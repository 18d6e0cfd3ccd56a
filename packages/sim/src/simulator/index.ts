export { type CompileWithPkiOptions, compileWithPki } from "./compile-with-pki";
export type { CompileOptions, SimulationPki } from "./context";
export { compile, SimulatedMesh } from "./simulated-mesh";
