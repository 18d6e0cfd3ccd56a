import type { EastWestGatewayModel } from "../cluster";
import type { ResourceRef } from "./cluster-context";

/** An east-west gateway found in a cluster's manifests, with the object it came from (for diagnostics). */
export interface DiscoveredGateway {
  readonly gateway: EastWestGatewayModel;
  readonly source: ResourceRef;
}
