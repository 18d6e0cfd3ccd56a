/**
 * The reachability matrix (issue "Simulator II" §4): the outcome for every source class × destination
 * service port, with typed JSON, table and CSV renderings.
 */
export { cellOutcome, sameOutcome } from "./cell-outcome";
export * from "./codes";
export * from "./destinations";
export * from "./matrix-csv";
export * from "./matrix-table";
export { reachabilityMatrix } from "./reachability-matrix";
export * from "./types";
export { type ClassingRules, classingRules, workloadClasses } from "./workload-classes";
