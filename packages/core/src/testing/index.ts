/**
 * `@meshwright/core/testing`: fast-check arbitraries of valid meshes, for property tests of the
 * loader, the simulator and users' own code. Needs the `fast-check` peer dependency.
 */
export * from "./arbitraries";
