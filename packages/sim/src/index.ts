/**
 * @meshwright/sim: the offline simulator of multi-cluster Istio meshes. `compile(mesh)` builds a
 * SimulatedMesh; `request()` answers what happens to a request hop by hop. The rule functions it is
 * made of (routing, DNS, endpoint filtering, locality LB, authorization) are exported too.
 */
export * from "./authz";
export * from "./dns";
export * from "./endpoints";
export * from "./faults";
export * from "./lb";
export * from "./matrix";
export * from "./model";
export * from "./mtls";
export * from "./routing";
export * from "./simulator";
export * from "./trace";
export * from "./whatif";
