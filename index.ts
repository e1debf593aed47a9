// `import … from "slipway"`: the typed helpers a config is written with, and the types of a config.
// Kept free of runtime dependencies: a TypeScript config is bundled with it on every load.
// The construct library, the validator, the test helpers and the CLI have entries of their own
// (slipway/constructs, slipway/validate, slipway/testing, slipway/cli).
export {
  type ConfigFile,
  type DatabaseInput,
  defineConfig,
  defineEnvironment,
  definePlatform,
  defineService,
  type EnvironmentFile,
  type MergePatch,
  type PlatformFile,
} from "./spec/define.js";
export type { ServiceInput } from "./spec/schema/service.js";
