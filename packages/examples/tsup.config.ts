import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// `shims` gives the CommonJS build a working `import.meta.url`, which src/package-root.ts uses to find the
// `meshes/` directory shipped next to `dist/`.
export default defineConfig({ ...packageBuild({ index: "src/index.ts" }), shims: true });
