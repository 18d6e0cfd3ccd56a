import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { meshesDirectory } from "./paths";
import {
  type AppliedObject,
  kubectlApplyView,
  parseLabelSelector,
  sampleApplications,
  selectorMatches,
} from "./sample-provenance";

function objectsIn(path: string): AppliedObject[] {
  return parseAllDocuments(readFileSync(path, "utf8"))
    .map((document) => document.toJS() as AppliedObject | null)
    .filter((object): object is AppliedObject => object !== null);
}

function byKindAndName(objects: readonly AppliedObject[]): AppliedObject[] {
  const key = (o: AppliedObject) => `${String(o.kind)}/${String(o.metadata?.name)}`;
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const seedManifests = readdirSync(meshesDirectory(), { recursive: true, encoding: "utf8" })
  .filter((path) => path.startsWith("seed-") && path.endsWith(".yaml"))
  .map((path) => join(meshesDirectory(), path))
  .sort();

const derivedFromSamples = seedManifests.filter(
  (path) => sampleApplications(readFileSync(path, "utf8")).length > 0,
);

describe("seed manifests copied from Istio samples", () => {
  it("exist for every sample the seeds apply with kubectl -n / -l", () => {
    expect(derivedFromSamples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(derivedFromSamples.map((path) => [relative(meshesDirectory(), path), path]))(
    "%s holds exactly what its kubectl apply of the sample creates",
    (_name, path) => {
      const expected = sampleApplications(readFileSync(path, "utf8")).flatMap((application) => {
        const requirements = parseLabelSelector(application.selector ?? "");
        if ("error" in requirements) throw new Error(requirements.error);
        return kubectlApplyView(
          objectsIn(join(dirname(path), application.sample)),
          application.namespace,
          requirements,
        );
      });
      expect(byKindAndName(objectsIn(path))).toEqual(byKindAndName(expected));
    },
  );
});

describe("kubectl label selectors (k8s.io/apimachinery labels.Parse)", () => {
  const labels = { app: "reviews", version: "v2" };
  const matches = (selector: string) => {
    const parsed = parseLabelSelector(selector);
    if ("error" in parsed) throw new Error(parsed.error);
    return selectorMatches(parsed, labels);
  };

  it("equality: k=v and k==v match the value, k!=v also matches an absent key", () => {
    expect(matches("app=reviews")).toBe(true);
    expect(matches("app==reviews")).toBe(true);
    expect(matches("app=ratings")).toBe(false);
    expect(matches("app!=ratings")).toBe(true);
    expect(matches("account!=reviews")).toBe(true);
  });

  it("existence: k needs the key, !k needs it absent", () => {
    expect(matches("version")).toBe(true);
    expect(matches("!version")).toBe(false);
    expect(matches("service")).toBe(false);
  });

  it("set-based: k in (a,b) and k notin (a,b); commas inside parentheses do not split requirements", () => {
    expect(matches("app in (details,reviews)")).toBe(true);
    expect(matches("app notin (details,reviews)")).toBe(false);
    expect(matches("app in (details,ratings),version")).toBe(false);
    expect(matches("app in (reviews),version")).toBe(true);
  });

  it("the empty selector selects everything", () => {
    expect(matches("")).toBe(true);
  });

  it("reports unreadable requirements instead of guessing", () => {
    expect(parseLabelSelector("app in reviews")).toHaveProperty("error");
  });
});
