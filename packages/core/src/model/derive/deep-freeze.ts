/**
 * Freezes `value` and everything reachable from it. Each object is frozen when first reached and
 * walked once; already-frozen objects (shared labels, a previous result) are not walked again.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  const stack: object[] = [value];
  const visit = (child: unknown) => {
    if (typeof child === "object" && child !== null && !Object.isFrozen(child)) {
      Object.freeze(child);
      stack.push(child);
    }
  };
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) visit(current[i]);
    } else {
      for (const key in current) visit((current as Record<string, unknown>)[key]);
    }
  }
  return value;
}
