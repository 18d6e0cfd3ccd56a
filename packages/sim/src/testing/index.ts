/**
 * `@meshwright/sim/testing`: fast-check arbitraries to property-test routing and load balancing
 * with the simulator: whole multi-cluster meshes (`arbMesh`), a workload of a mesh
 * (`arbWorkloadOf`), a request one of its workloads could make (`arbRequestFor`), and faults
 * (`arbFaults`). Needs the `fast-check` dependency.
 */
export { arbFaults, type FaultArbitraryOptions } from "./arb-faults";
export { arbMesh, type MeshArbitraryOptions } from "./arb-mesh";
export { arbRequestFor, type GeneratedRequest } from "./arb-request";
export { arbWorkloadOf, type WorkloadArbitraryOptions, workloadsOf } from "./arb-workload";
export { TESTING_CODES } from "./codes";
export {
  type LocalitySettingShape,
  REPLICATED_SERVICE,
  type RuleOptions,
  type RuleShape,
} from "./replicated-service";
