import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The package's entries from source, as tsconfig.json's paths map them.
  resolve: {
    alias: [
      { find: /^slipway$/, replacement: root("./index.ts") },
      { find: /^slipway\/cli$/, replacement: root("./main.ts") },
      { find: /^slipway\/(constructs|validate|testing)$/, replacement: `${root("./")}$1/index.ts` },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test that renders rules runs the real promtool, not a verdict from an earlier run.
    env: { SLIPWAY_PROMTOOL_CACHE_DIR: "" },
  },
});
