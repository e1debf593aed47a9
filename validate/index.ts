// `slipway/validate`: the validation gate over manifests on disk, as `slipway validate` runs it.
export { validateManifests, type ValidateOptions, type ValidateResult } from "../cli/validate.js";
export { type Finding, formatFinding, type Severity } from "./finding.js";
export type { Profile } from "./policy/rule.js";
