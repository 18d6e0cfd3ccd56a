import { describe, expect, it } from "vitest";
import { matchesLabelSelector, parseLabelSelector } from "./label-selector";
import { isDns1123Label, labelKeyProblem, labelValueProblem } from "./labels";

describe("Kubernetes label syntax (apimachinery validation)", () => {
  it.each(["app", "app.kubernetes.io/name", "topology.istio.io/network", "a-b_c.d", "x".repeat(63)])(
    "valid key %s",
    (key) => {
      expect(labelKeyProblem(key)).toBeUndefined();
    },
  );

  it.each(["", "-app", "app-", "Has Space", "UPPER.example.com/x", "a/", "/a", `p/${"x".repeat(64)}`])(
    "invalid key %s",
    (key) => {
      expect(labelKeyProblem(key)).toBeDefined();
    },
  );

  it("values: empty or up to 63 alphanumerics with - _ . inside; numbers are not strings", () => {
    expect(labelValueProblem("")).toBeUndefined();
    expect(labelValueProblem("v1.2_beta-3")).toBeUndefined();
    expect(labelValueProblem("x".repeat(64))).toBeDefined();
    expect(labelValueProblem("-x")).toBeDefined();
    expect(labelValueProblem(1)).toMatch(/strings/);
  });

  it("DNS-1123 labels (cluster names)", () => {
    expect(isDns1123Label("eks-cluster-1")).toBe(true);
    expect(isDns1123Label("EKS")).toBe(false);
    expect(isDns1123Label("a".repeat(64))).toBe(false);
  });
});

describe("label selectors (metav1.LabelSelectorAsSelector)", () => {
  const labels = { app: "web", tier: "front" };

  it("matchLabels and matchExpressions must all hold; empty matches everything", () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: "web" } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: "web", tier: "back" } }, labels)).toBe(false);
  });

  it("NotIn and DoesNotExist match a missing key; In and Exists do not", () => {
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, labels),
    ).toBe(true);
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, labels),
    ).toBe(true);
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, labels),
    ).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: "zone", operator: "Exists" }] }, labels)).toBe(
      false,
    );
  });

  it("parsing rejects unknown operators and In/NotIn without values", () => {
    expect(parseLabelSelector({ matchExpressions: [{ key: "a", operator: "Near" }] }).ok).toBe(false);
    expect(parseLabelSelector({ matchExpressions: [{ key: "a", operator: "In" }] }).ok).toBe(false);
    expect(
      parseLabelSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }).ok,
    ).toBe(false);
    expect(parseLabelSelector({ matchLabels: { a: "b" } })).toEqual({
      ok: true,
      selector: { matchLabels: { a: "b" } },
    });
  });
});
