import { memoizeWeak } from "@meshwright/core";

/**
 * A label set as a string, keys sorted, for memo keys: equal label sets give equal keys. Kept per
 * labels object (workloads and proxies keep theirs).
 */
export const labelsKey: (labels: Readonly<Record<string, string>>) => string = memoizeWeak(
  (labels: Readonly<Record<string, string>>) =>
    JSON.stringify(
      Object.keys(labels)
        .sort()
        .map((k) => [k, labels[k]]),
    ),
);
