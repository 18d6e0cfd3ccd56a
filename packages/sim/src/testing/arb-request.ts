import type { Mesh, ServiceModel, Workload } from "@meshwright/core";
import fc from "fast-check";
import type { RequestInput } from "../trace/trace";
import { workloadsOf } from "./arb-workload";
import { noCallableServiceError, noWorkloadError } from "./codes";

/** A drawn request: what `SimulatedMesh.request()` takes, plus the service it targets. */
export interface GeneratedRequest extends RequestInput {
  readonly from: string;
  readonly to: string;
  readonly requestKey: string;
  /** The service's fully-qualified hostname and the service port called. */
  readonly hostname: string;
  readonly port: number;
  /** The name the URL uses (`<service>.<namespace>`), as `distribution()` and `endpoints()` take it. */
  readonly host: string;
}

const HTTP_PROTOCOLS = new Set(["http", "http2", "grpc", "grpc-web", "h2c"]);

/** The services a workload can name: those its own cluster declares (Kubernetes DNS knows them, istio-semantics §4.3). */
function callable(mesh: Mesh, workload: Workload): ServiceModel[] {
  const cluster = mesh.clusters.find((c) => c.name === workload.cluster);
  return (cluster?.services ?? []).filter((s) => s.ports.length > 0 && s.origin === "kubernetes");
}

function requestFor(caller: Workload, service: ServiceModel, portIndex: number, key: number, path: string) {
  const port = service.ports[portIndex % service.ports.length]!;
  const host = `${service.name}.${service.namespace}`;
  const http = port.appProtocol !== undefined && HTTP_PROTOCOLS.has(port.appProtocol.toLowerCase());
  const to = http ? `http://${host}:${port.port}/${path}` : `tcp://${host}:${port.port}`;
  return { from: caller.id, to, requestKey: `${key}`, hostname: service.hostname, port: port.port, host };
}

/**
 * A request a workload of `mesh` could make: a caller (any workload, in or out of the mesh), a URL
 * of a Kubernetes Service its own cluster declares (so the name resolves without DNS capture; its
 * pods may run in other clusters), `http://` for HTTP ports and `tcp://` otherwise, and a
 * `requestKey` for the seeded picks. Throws `MeshwrightError` MW5150 / MW5151 when the mesh has
 * no workload or no callable service.
 *
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(arbRequestFor(mesh), (request) => {
 *     const trace = sim.request(request);
 *     expect(trace.request.port).toBe(request.port);
 *   }),
 * );
 * ```
 */
export function arbRequestFor(mesh: Mesh): fc.Arbitrary<GeneratedRequest> {
  const workloads = workloadsOf(mesh);
  if (workloads.length === 0) throw noWorkloadError("arbRequestFor");
  const callers = workloads.filter((w) => callable(mesh, w).length > 0);
  if (callers.length === 0) throw noCallableServiceError();
  return fc.constantFrom(...callers).chain((caller) =>
    fc
      .record({
        service: fc.constantFrom(...callable(mesh, caller)),
        portIndex: fc.nat(),
        key: fc.nat({ max: 1_000_000 }),
        path: fc.constantFrom("", "api", "api/v1/items", "healthz"),
      })
      .map(({ service, portIndex, key, path }) => requestFor(caller, service, portIndex, key, path)),
  );
}
