import { describe, expect, it } from "vitest";
import { parseTarget } from "./target";

describe("parseTarget (curl's URL rules)", () => {
  it("defaults to http and port 80, keeps the path and query", () => {
    expect(parseTarget("helloworld.sample:5000/hello?x=1")).toMatchObject({
      scheme: "http",
      host: "helloworld.sample",
      port: 5000,
      path: "/hello?x=1",
    });
    expect(parseTarget("echo-service.app-a.svc.cluster.local")).toMatchObject({ port: 80, path: "/" });
  });

  it("understands https and tcp schemes and their default ports", () => {
    expect(parseTarget("https://api.example.com")).toMatchObject({ scheme: "https", port: 443 });
    expect(parseTarget("tcp://db.data:5432")).toMatchObject({ scheme: "tcp", port: 5432, path: "" });
  });

  it("returns an error instead of throwing on bad input", () => {
    expect(parseTarget("")).toHaveProperty("error");
    expect(parseTarget("http://")).toHaveProperty("error");
    expect(parseTarget("ftp://x")).toHaveProperty("error");
  });
});
