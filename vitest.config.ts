import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test that renders rules runs the real promtool, not a verdict from an earlier run.
    env: { SLIPWAY_PROMTOOL_CACHE_DIR: "" },
  },
});
