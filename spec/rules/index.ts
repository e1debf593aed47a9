// Cross-field rules over a resolved environment, one family per file.
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { FieldIssue } from "../zod-issues.js";
import { configFileRules } from "./config-files.js";
import { containerRules } from "./containers.js";
import { databaseRules } from "./databases.js";
import { dependencyRules } from "./dependencies.js";
import { exposureRules } from "./exposure.js";
import { externalRules } from "./external.js";
import { gitopsRules } from "./gitops.js";
import { labelRules } from "./labels.js";
import { namespaceRules } from "./namespaces.js";
import { observabilityRules } from "./observability.js";
import { patchRules } from "./patches.js";
import { podOptionRules } from "./pod-options.js";
import { portRules } from "./ports.js";
import { recoveryRules } from "./recovery.js";
import { nativeSidecarRules } from "./native-sidecars.js";
import { probeRules } from "./probes.js";
import { reservedNamespaceRules } from "./reserved-namespaces.js";
import { resourceRules } from "./resources.js";
import { scalingRules } from "./scaling.js";
import { secretRules } from "./secrets.js";
import { storageRules } from "./storage.js";
import { trafficRules } from "./traffic.js";

export type SpecRule = (environment: EnvironmentSpec) => FieldIssue[];

export const specRules: readonly SpecRule[] = [
  namespaceRules,
  reservedNamespaceRules,
  labelRules,
  containerRules,
  configFileRules,
  portRules,
  probeRules,
  podOptionRules,
  resourceRules,
  scalingRules,
  storageRules,
  nativeSidecarRules,
  dependencyRules,
  databaseRules,
  exposureRules,
  externalRules,
  trafficRules,
  observabilityRules,
  secretRules,
  gitopsRules,
  patchRules,
  recoveryRules,
];

export function checkSpec(environment: EnvironmentSpec): FieldIssue[] {
  return specRules.flatMap((rule) => rule(environment));
}
