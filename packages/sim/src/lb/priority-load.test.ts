import { describe, expect, it } from "vitest";
import { inPanic, priorityHealth, priorityLoads } from "./priority-load";

const level = (healthy: number, hosts: number) => ({ healthy, hosts });

describe("priorityLoads (Envoy priority levels, istio-semantics §1.8)", () => {
  // Envoy docs, intro/arch_overview/upstream/load_balancing/priority: P0 health vs traffic split.
  it.each([
    [100, 100, 0],
    [72, 100, 0],
    [71, 99, 1],
    [50, 70, 30],
    [25, 35, 65],
    [0, 0, 100],
  ])("P0 %i%% healthy, P1 100%% healthy → %i%% / %i%% (overprovisioning factor 1.4)", (healthy, p0, p1) => {
    expect(priorityLoads([level(healthy, 100), level(100, 100)], 0).loads).toEqual([p0, p1]);
  });

  it("spill-over starts below 5/7 healthy, not at the first failure", () => {
    expect(priorityLoads([level(5, 7), level(1, 1)], 0).loads).toEqual([100, 0]);
    expect(priorityLoads([level(4, 7), level(1, 1)], 0).loads).toEqual([80, 20]);
  });

  it("health is Envoy's integer min(100, ⌊140 × healthy / total⌋)", () => {
    expect(priorityHealth(level(1, 3))).toBe(46);
    expect(priorityHealth(level(0, 0))).toBe(0);
  });

  it("loads are normalised when the priorities' health adds up to less than 100", () => {
    // Envoy docs: P0 and P1 both 20% healthy (health 28 each) → 50% / 50%.
    expect(priorityLoads([level(20, 100), level(20, 100)], 0).loads).toEqual([50, 50]);
    // 46 + 46 + 0 = 92: ⌊46×100/92⌋ = 50 each.
    expect(priorityLoads([level(1, 3), level(1, 3), level(0, 2)], 0).loads).toEqual([50, 50, 0]);
  });

  it("rounding leftovers go to the first healthy priority", () => {
    // health 46, 28, 14 → Σ 88: ⌊52.27⌋ = 52, ⌊31.8⌋ = 31, ⌊15.9⌋ = 15 → 98, +2 to P0.
    expect(priorityLoads([level(1, 3), level(1, 5), level(1, 10)], 0).loads).toEqual([54, 31, 15]);
  });

  it("nothing healthy with panic disabled: no healthy upstream", () => {
    const r = priorityLoads([level(0, 2), level(0, 1)], 0);
    expect(r).toMatchObject({ noHealthyUpstream: true, totalPanic: false, loads: [0, 0] });
  });

  it("nothing healthy with a panic threshold: total panic, load by host count", () => {
    const r = priorityLoads([level(0, 2), level(0, 1)], 50);
    expect(r).toMatchObject({
      noHealthyUpstream: false,
      totalPanic: true,
      loads: [67, 33],
      panic: [true, true],
    });
  });

  it("a priority below the panic threshold is in panic; threshold 0 never panics", () => {
    expect(inPanic(level(1, 3), 50)).toBe(true);
    expect(inPanic(level(2, 3), 50)).toBe(false);
    expect(inPanic(level(0, 3), 0)).toBe(false);
    expect(priorityLoads([level(1, 3), level(1, 1)], 50).panic).toEqual([true, false]);
  });
});
