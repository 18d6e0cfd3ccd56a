export type { CompileOptions } from "./context";
export { compile, SimulatedMesh } from "./simulated-mesh";
