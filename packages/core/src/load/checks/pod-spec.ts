/**
 * Pod spec checks shared by Pods and pod templates (ValidatePodSpec): containers present, each
 * with a unique DNS-1123 name and an image, container ports 1–65535 with unique IANA names.
 */

import type { JsonPath } from "../json-path";
import { isDns1123Label, isIanaServiceName } from "../kinds/names";
import { describeValue } from "../schema/schema-findings";
import type { Finding } from "../source";
import { invalidPort, isObject, isPortNumber, missingField, protocolFinding, wrongType } from "./values";

/** Findings for the pod spec at `path` (e.g. `["spec", "template", "spec"]`). */
export function podSpecFindings(spec: unknown, path: JsonPath): Finding[] {
  if (spec === undefined) return [missingField(path)];
  if (!isObject(spec)) return [wrongType(path, "a map", spec)];
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    if (containers !== undefined && !Array.isArray(containers)) {
      return [wrongType([...path, "containers"], "a list", containers)];
    }
    return [{ code: "MW1420", path: [...path, "containers"], message: "the pod has no containers" }];
  }
  const names = new Set<string>();
  const findings: Finding[] = [];
  for (const list of ["initContainers", "containers"] as const) {
    const entries = spec[list];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      findings.push(wrongType([...path, list], "a list", entries));
      continue;
    }
    entries.forEach((container, index) => {
      findings.push(...containerFindings(container, [...path, list, index], names));
    });
  }
  return findings;
}

function containerFindings(container: unknown, path: JsonPath, names: Set<string>): Finding[] {
  if (!isObject(container)) return [wrongType(path, "a map", container)];
  const findings: Finding[] = [];
  const name = container.name;
  if (typeof name !== "string" || !isDns1123Label(name)) {
    findings.push({
      code: "MW1421",
      path: [...path, "name"],
      message: `container name ${describeValue(name)} is not a DNS-1123 label`,
      expected: "DNS-1123 label",
      found: describeValue(name),
    });
  } else if (names.has(name)) {
    findings.push({ code: "MW1421", path: [...path, "name"], message: `duplicate container name "${name}"` });
  } else names.add(name);
  if (typeof container.image !== "string" || container.image.trim() === "") {
    findings.push({
      code: "MW1421",
      path: [...path, "image"],
      message: `container ${typeof name === "string" ? `"${name}" ` : ""}has no image`,
      expected: "an image reference",
      found: describeValue(container.image),
    });
  }
  const ports = container.ports;
  if (ports === undefined) return findings;
  if (!Array.isArray(ports)) return [...findings, wrongType([...path, "ports"], "a list", ports)];
  const portNames = new Set<string>();
  ports.forEach((port, index) => {
    const portPath = [...path, "ports", index];
    if (!isObject(port)) {
      findings.push(wrongType(portPath, "a map", port));
      return;
    }
    if (port.containerPort === undefined) findings.push(missingField([...portPath, "containerPort"]));
    else if (!isPortNumber(port.containerPort)) {
      findings.push(invalidPort([...portPath, "containerPort"], port.containerPort));
    }
    if (port.hostPort !== undefined && port.hostPort !== 0 && !isPortNumber(port.hostPort)) {
      findings.push(invalidPort([...portPath, "hostPort"], port.hostPort));
    }
    const protocol = protocolFinding([...portPath, "protocol"], port.protocol);
    if (protocol) findings.push(protocol);
    if (port.name === undefined) return;
    if (typeof port.name !== "string" || !isIanaServiceName(port.name)) {
      findings.push({
        code: "MW1405",
        path: [...portPath, "name"],
        message: `container port name ${describeValue(port.name)} is not an IANA service name`,
        expected: "IANA service name (at most 15 lower-case letters, digits and '-')",
        found: describeValue(port.name),
      });
    } else if (portNames.has(port.name)) {
      findings.push({
        code: "MW1401",
        path: [...portPath, "name"],
        message: `duplicate port name "${port.name}"`,
      });
    } else portNames.add(port.name);
  });
  return findings;
}
