// `slipway/constructs`: slipway as a construct library for cdk8s apps.
export { type LoadedConfig, SlipwayEnvironment, type SlipwayEnvironmentProps } from "./slipway-environment.js";
export { loadConfig } from "../spec/load.js";
export type { KubeObject } from "./synth.js";
export type { EnvironmentSpec } from "../spec/schema/environment-spec.js";
export { SpecError } from "../spec/issues.js";
export type { Finding } from "../validate/finding.js";
