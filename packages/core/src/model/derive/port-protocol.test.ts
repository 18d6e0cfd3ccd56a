import { describe, expect, it } from "vitest";
import { inferPortProtocol } from "./port-protocol";

describe("Service port protocol (kube/conversion.go ConvertProtocol)", () => {
  it.each([
    ["http", undefined, "HTTP"],
    ["http-web", undefined, "HTTP"],
    ["HTTP2", undefined, "HTTP2"],
    ["grpc", undefined, "GRPC"],
    ["grpc-web", undefined, "GRPC-Web"],
    ["grpc-web-ui", undefined, "GRPC-Web"],
    ["tcp-db", undefined, "TCP"],
    ["tls", undefined, "TLS"],
    ["https-admin", undefined, "HTTPS"],
    ["mongo", undefined, "Mongo"],
    ["redis-cache", undefined, "Redis"],
    ["mysql", undefined, "MySQL"],
    ["web", undefined, undefined],
    [undefined, undefined, undefined],
  ])("port name %s (appProtocol %s) → %s", (name, appProtocol, expected) => {
    expect(inferPortProtocol(8080, name, "TCP", appProtocol)).toBe(expected);
  });

  it("appProtocol wins over the port name", () => {
    expect(inferPortProtocol(8080, "tcp", "TCP", "http")).toBe("HTTP");
    expect(inferPortProtocol(8080, "http", "TCP", "kubernetes.io/h2c")).toBe("HTTP2");
    expect(inferPortProtocol(8080, "http", "TCP", "kubernetes.io/ws")).toBe("HTTP");
    expect(inferPortProtocol(8080, "http", "TCP", "kubernetes.io/wss")).toBe("HTTPS");
  });

  it("an unknown appProtocol leaves the port to sniffing (the name is not consulted)", () => {
    expect(inferPortProtocol(8080, "http", "TCP", "custom")).toBeUndefined();
  });

  it("UDP ports are UDP whatever their name", () => {
    expect(inferPortProtocol(53, "http", "UDP", undefined)).toBe("UDP");
  });

  it("unnamed well-known ports (25, 53, 3306, 27017) are TCP, others are sniffed", () => {
    expect(inferPortProtocol(3306, undefined, "TCP", undefined)).toBe("TCP");
    expect(inferPortProtocol(27017, "db", "TCP", undefined)).toBe("TCP");
    expect(inferPortProtocol(3307, undefined, "TCP", undefined)).toBeUndefined();
  });
});
