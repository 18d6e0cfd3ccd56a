/**
 * What-if and diff (issue "Simulator II" §4): apply a change to a simulation without mutating it and
 * get exactly the (source class × destination) pairs whose outcome changes, with the hop and decision
 * where the traces part ways.
 */
export { type AuthzExplanation, authzHop, explainAuthorization } from "./authz-explanation";
export * from "./change";
export { diff } from "./diff";
export { rotationPhasePki } from "./rotation-pki";
export { hopSummary, traceDifference } from "./trace-difference";
export * from "./types";
export { type WhatIfOptions, whatIf } from "./what-if";
