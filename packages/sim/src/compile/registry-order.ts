/**
 * The clusters an istiod reads, in mesh order, when its registry order is its own cluster and then
 * the others in mesh order (as `controlPlanes` lists them for every istiod of a multi-primary mesh);
 * undefined for any other order. Merges made once in mesh order serve every such istiod: it only
 * moves its own cluster's part to the front.
 *
 * @param reads the istiod's clusters in registry order (own first).
 * @param meshOrder every cluster of the mesh, in order.
 */
export function meshOrderOfReads(
  reads: readonly string[],
  meshOrder: readonly string[],
): readonly string[] | undefined {
  if (reads.length === 0) return undefined;
  const set = new Set(reads);
  const order = meshOrder.filter((name) => set.has(name));
  if (order.length !== reads.length) return undefined;
  let next = 1;
  for (const name of order) {
    if (name === reads[0]) continue;
    if (reads[next++] !== name) return undefined;
  }
  return order;
}
