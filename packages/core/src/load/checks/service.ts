/**
 * Service checks (k8s.io/kubernetes/pkg/apis/core/validation ValidateService): ports 1–65535,
 * unique port names and number/protocol pairs, names required with several ports, targetPort a
 * number or an IANA name, selector a map of label strings, type one of the four.
 */
import type { KubeObject } from "../../model/kube-object";
import { isDns1123Label, isIanaServiceName } from "../kinds/names";
import { describeValue } from "../schema/schema-findings";
import type { Finding } from "../source";
import { labelMapFindings } from "./label-map";
import { invalidPort, isObject, isPortNumber, missingField, protocolFinding, wrongType } from "./values";

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

/** Findings for a v1 Service. */
export function serviceFindings(object: KubeObject): Finding[] {
  const spec = object.spec;
  if (spec === undefined) return [missingField(["spec"])];
  if (!isObject(spec)) return [wrongType(["spec"], "a map", spec)];
  const findings: Finding[] = [];
  const type = spec.type ?? "ClusterIP";
  if (typeof type !== "string" || !SERVICE_TYPES.includes(type)) {
    findings.push({
      code: "MW1102",
      path: ["spec", "type"],
      message: `Service type ${describeValue(type)} is not one of ${SERVICE_TYPES.join(", ")}`,
      expected: SERVICE_TYPES.join(", "),
      found: describeValue(type),
    });
  }
  const headless = spec.clusterIP === "None";
  if (spec.ports === undefined || (Array.isArray(spec.ports) && spec.ports.length === 0)) {
    // Only headless and ExternalName services may have no ports (ValidateService).
    if (!headless && type !== "ExternalName") findings.push(missingField(["spec", "ports"]));
  } else if (!Array.isArray(spec.ports)) {
    findings.push(wrongType(["spec", "ports"], "a list", spec.ports));
  } else {
    findings.push(...portFindings(spec.ports));
  }
  findings.push(...labelMapFindings(spec.selector, ["spec", "selector"], "label-value", "MW1404"));
  return findings;
}

function portFindings(ports: readonly unknown[]): Finding[] {
  const findings: Finding[] = [];
  const names = new Set<string>();
  const numbers = new Set<string>();
  ports.forEach((port, index) => {
    const path = ["spec", "ports", index] as const;
    if (!isObject(port)) {
      findings.push(wrongType([...path], "a map", port));
      return;
    }
    if (port.port === undefined) findings.push(missingField([...path, "port"]));
    else if (!isPortNumber(port.port)) findings.push(invalidPort([...path, "port"], port.port));
    const protocol = protocolFinding([...path, "protocol"], port.protocol);
    if (protocol) findings.push(protocol);
    if (port.name === undefined || port.name === "") {
      if (ports.length > 1) {
        findings.push({
          code: "MW1402",
          path: [...path],
          message: `port ${index} has no name; every port of a multi-port Service needs one`,
        });
      }
    } else if (typeof port.name !== "string" || !isDns1123Label(port.name)) {
      findings.push({
        code: "MW1405",
        path: [...path, "name"],
        message: `port name ${describeValue(port.name)} is not a DNS-1123 label`,
        expected: "DNS-1123 label",
        found: describeValue(port.name),
      });
    } else if (names.has(port.name)) {
      findings.push({
        code: "MW1401",
        path: [...path, "name"],
        message: `duplicate port name "${port.name}"`,
      });
    } else names.add(port.name);
    if (isPortNumber(port.port)) {
      const key = `${port.port}/${typeof port.protocol === "string" ? port.protocol : "TCP"}`;
      if (numbers.has(key)) {
        findings.push({ code: "MW1401", path: [...path, "port"], message: `duplicate port ${key}` });
      }
      numbers.add(key);
    }
    const target = port.targetPort;
    if (
      target !== undefined &&
      !isPortNumber(target) &&
      !(typeof target === "string" && isIanaServiceName(target))
    ) {
      findings.push({
        code: "MW1403",
        path: [...path, "targetPort"],
        message: `targetPort ${describeValue(target)} is neither a port number 1-65535 nor an IANA service name`,
        expected: "1-65535 or an IANA service name",
        found: describeValue(target),
      });
    }
  });
  return findings;
}
