/**
 * The JSON Schema of the Mesh document (`meshwright.dev/v1alpha1`, `kind: Mesh`; docs/mesh-document.md).
 * Unknown fields are errors everywhere (a typo must not silently become a default). The locality
 * and zone-aware LB settings reuse Istio's own DestinationRule schema fragments.
 */
import type { ValidateFunction } from "ajv";
import { sharedAjv } from "../schema/ajv";
import { crdSchema, crdVersions } from "../schema/crd-catalogue";
import { type Schema, strictNode } from "../schema/strict-structural";

/** The Mesh document's apiVersion. */
export const MESH_API_VERSION = "meshwright.dev/v1alpha1";
/** The Mesh document's kind. */
export const MESH_KIND = "Mesh";

const string = { type: "string" } as const;
const nonEmptyString = { type: "string", minLength: 1 } as const;
const stringList = { type: "array", items: string } as const;
const stringMap = { type: "object", additionalProperties: string } as const;
const boolean = { type: "boolean" } as const;
const port = { type: "integer", minimum: 1, maximum: 65535 } as const;

/** `object` with exactly these properties (unknown fields rejected). */
function object(properties: Schema, required: string[] = []): Schema {
  return {
    type: "object",
    properties,
    additionalProperties: false,
    ...(required.length ? { required } : {}),
  };
}

/** A fragment of the DestinationRule v1 `trafficPolicy.loadBalancer` schema. */
function loadBalancerFragment(field: "localityLbSetting" | "zoneAwareLbSetting"): Schema {
  const version = crdVersions("networking.istio.io", "DestinationRule")?.find((v) => v.storage);
  const root = crdSchema(version!.schemaId) as Schema;
  const path = ["spec", "trafficPolicy", "loadBalancer", field];
  let node: Schema = root;
  for (const step of path) node = (node.properties as Record<string, Schema>)[step]!;
  return strictNode(node);
}

const labelSelector = object({
  matchLabels: stringMap,
  matchExpressions: {
    type: "array",
    items: object(
      { key: string, operator: { enum: ["In", "NotIn", "Exists", "DoesNotExist"] }, values: stringList },
      ["key", "operator"],
    ),
  },
});

function meshConfigSchema(): Schema {
  return object({
    localityLbSetting: loadBalancerFragment("localityLbSetting"),
    zoneAwareLbSetting: loadBalancerFragment("zoneAwareLbSetting"),
    dnsCapture: boolean,
    dnsAutoAllocate: boolean,
    ambientDnsCapture: boolean,
    serviceScopeConfigs: {
      type: "array",
      items: object(
        {
          namespaceSelector: labelSelector,
          servicesSelector: labelSelector,
          scope: { enum: ["GLOBAL", "LOCAL"] },
        },
        ["scope"],
      ),
    },
    serviceSettings: {
      type: "array",
      items: object({ hosts: stringList, settings: object({ clusterLocal: boolean }) }, [
        "hosts",
        "settings",
      ]),
    },
    enableAutoMtls: boolean,
  });
}

/** JSON Schema's `if`/`then`: when `kind` is `value`, the object must match `schema`. */
function whenKind(value: string, schema: Schema): Schema {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here, not a thenable.
  return { if: { properties: { kind: { const: value } } }, then: schema };
}

const provider: Schema = {
  type: "object",
  required: ["kind"],
  properties: { kind: { enum: ["eks", "aks", "generic"] } },
  allOf: [
    whenKind(
      "eks",
      object({ kind: string, region: nonEmptyString, accountId: string, vpcId: string }, ["region"]),
    ),
    whenKind(
      "aks",
      object({ kind: string, region: nonEmptyString, subscriptionId: string, resourceGroup: string }, [
        "region",
      ]),
    ),
    whenKind("generic", object({ kind: string, region: string })),
  ],
};

const eastWestGateway = object(
  {
    name: nonEmptyString,
    namespace: nonEmptyString,
    kind: { enum: ["classic", "ambient"] },
    network: string,
    address: {
      type: "object",
      oneOf: [
        object({ ip: nonEmptyString }, ["ip"]),
        object({ hostname: nonEmptyString, resolvesTo: stringList }, ["hostname"]),
      ],
    },
    serviceType: { enum: ["LoadBalancer", "NodePort", "ClusterIP"] },
    annotations: stringMap,
    ports: { type: "array", items: port },
    exposesServices: boolean,
  },
  ["name", "kind"],
);

const ecsCluster = object(
  {
    name: nonEmptyString,
    namespace: nonEmptyString,
    domain: nonEmptyString,
    taskCidr: string,
    services: {
      type: "array",
      items: object(
        {
          name: nonEmptyString,
          port,
          tasks: { type: "integer", minimum: 0 },
          serviceAccount: string,
          labels: stringMap,
        },
        ["name", "port", "tasks"],
      ),
    },
  },
  ["name"],
);

function clusterSchema(): Schema {
  return object(
    {
      name: nonEmptyString,
      provider,
      network: string,
      ipFamilies: { type: "array", minItems: 1, maxItems: 2, items: { enum: ["IPv4", "IPv6"] } },
      podCidrs: stringList,
      serviceCidrs: stringList,
      apiServer: string,
      nodes: {
        type: "array",
        items: object({ name: nonEmptyString, region: string, zone: string, subzone: string }, ["name"]),
      },
      controlPlane: { oneOf: [{ const: "primary" }, object({ remoteOf: nonEmptyString }, ["remoteOf"])] },
      istiod: object({ features: stringMap, meshConfig: meshConfigSchema() }),
      remoteSecrets: stringList,
      eastWestGateways: { type: "array", items: eastWestGateway },
      ecs: { type: "array", items: ecsCluster },
      sidecarInjector: object({
        revisions: stringList,
        autoInject: { enum: ["enabled", "disabled"] },
        neverInjectSelector: { type: "array", items: labelSelector },
        alwaysInjectSelector: { type: "array", items: labelSelector },
        enableNamespacesByDefault: boolean,
      }),
      manifests: {
        type: "array",
        items: {
          oneOf: [nonEmptyString, object({ path: nonEmptyString, namespace: nonEmptyString }, ["path"])],
        },
      },
      resources: { type: "array", items: { type: "object" } },
    },
    ["name"],
  );
}

/** The whole document's schema. */
export function meshDocumentSchema(): Schema {
  return object(
    {
      apiVersion: { const: MESH_API_VERSION },
      kind: { const: MESH_KIND },
      metadata: { type: "object", properties: { name: string }, additionalProperties: true },
      spec: object(
        {
          meshId: nonEmptyString,
          trustDomain: nonEmptyString,
          trustDomainAliases: stringList,
          rootNamespace: nonEmptyString,
          istioVersion: { enum: ["1.30", "1.31"] },
          flavour: { enum: ["upstream", "solo"] },
          meshConfig: meshConfigSchema(),
          networks: {
            type: "array",
            items: { oneOf: [nonEmptyString, object({ name: nonEmptyString }, ["name"])] },
          },
          clusters: { type: "array", items: clusterSchema() },
        },
        ["meshId"],
      ),
    },
    ["apiVersion", "kind", "spec"],
  );
}

let compiled: ValidateFunction | undefined;

/** The compiled Mesh document validator (compiled on first use). */
export function meshDocumentValidator(): ValidateFunction {
  compiled ??= sharedAjv().compile(meshDocumentSchema());
  return compiled;
}
