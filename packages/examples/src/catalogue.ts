import type { SeedEntry, SeedId } from "./seed";
import { SEED_000 } from "./seeds/seed-000";
import { SEED_001 } from "./seeds/seed-001";
import { SEED_002 } from "./seeds/seed-002";
import { SEED_003 } from "./seeds/seed-003";
import { SEED_004 } from "./seeds/seed-004";

/** Every seed scenario, by id: where its mesh is, what it demonstrates, and the calls it makes. */
export const SEEDS: Readonly<Record<SeedId, SeedEntry>> = Object.freeze({
  "000": SEED_000,
  "001": SEED_001,
  "002": SEED_002,
  "003": SEED_003,
  "004": SEED_004,
});

/** The seed ids in order. */
export const SEED_IDS: readonly SeedId[] = Object.freeze(Object.keys(SEEDS).sort() as SeedId[]);

/** True when `value` names a seed (for ids that arrive as plain strings, e.g. from a command line). */
export function isSeedId(value: string): value is SeedId {
  return Object.hasOwn(SEEDS, value);
}
