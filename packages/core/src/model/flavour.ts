import type { Flavour } from "./mesh";

/** What differs between upstream Istio and the Solo distribution (DESIGN.md principle 2). */
export interface FlavourTraits {
  /** GatewayClass of ambient east-west gateways. */
  readonly eastWestGatewayClass: string;
  /** The Service label (and value) that makes a service GLOBAL in ambient multicluster. */
  readonly globalServiceLabel: { readonly key: string; readonly value: string };
}

const TRAITS: Readonly<Record<Flavour, FlavourTraits>> = {
  upstream: {
    eastWestGatewayClass: "istio-east-west",
    globalServiceLabel: { key: "istio.io/global", value: "true" },
  },
  solo: {
    eastWestGatewayClass: "istio-eastwest",
    globalServiceLabel: { key: "solo.io/service-scope", value: "global" },
  },
};

/** The traits of a flavour. */
export function flavourTraits(flavour: Flavour): FlavourTraits {
  return TRAITS[flavour];
}
