/**
 * SVG from DOT, in-process and without a browser: Graphviz compiled to WebAssembly
 * (`@hpcc-js/wasm-graphviz`), always with the `dot` layout engine so the same DOT gives the same SVG.
 */
import { Graphviz } from "@hpcc-js/wasm-graphviz";

let graphviz: Promise<Graphviz> | undefined;

/** The WebAssembly Graphviz, loaded once per process (loading costs ~150 ms; a layout then takes ms). */
function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= Graphviz.load();
  return graphviz;
}

/** Lays out `dot` with Graphviz's `dot` engine and returns the SVG document. */
export async function renderSvg(dot: string): Promise<string> {
  const engine = await loadGraphviz();
  return engine.layout(dot, "svg", "dot");
}
