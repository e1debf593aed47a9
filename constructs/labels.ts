// The labels every object carries. Selectors use only name + instance: selectors are immutable,
// so nothing that may change (version, environment labels) is ever part of one.
import type { EnvironmentSpec } from "../spec/index.js";
import type { PlatformSpec } from "../spec/schema/platform.js";
import { serviceVersion } from "../spec/workload.js";

export const MANAGED_BY = "slipway";

/** Where a service's declared policy exceptions are rendered; the validation gate reads them back. */
export const POLICY_EXCEPTIONS_ANNOTATION = "slipway.dev/policy-exceptions";

export const LABEL = {
  name: "app.kubernetes.io/name",
  instance: "app.kubernetes.io/instance",
  version: "app.kubernetes.io/version",
  component: "app.kubernetes.io/component",
  partOf: "app.kubernetes.io/part-of",
  managedBy: "app.kubernetes.io/managed-by",
} as const;

/** What an object belongs to: a service, or the platform itself for namespace-level objects. */
export interface Identity {
  readonly name: string;
  readonly version: string;
  readonly component?: string;
}

export function instanceOf(name: string, environment: EnvironmentSpec): string {
  return `${name}-${environment.name}`;
}

export function selectorLabels(name: string, environment: EnvironmentSpec): Record<string, string> {
  return { [LABEL.name]: name, [LABEL.instance]: instanceOf(name, environment) };
}

/** Platform and environment labels first, so the standard labels always win. */
export function objectLabels(identity: Identity, environment: EnvironmentSpec): Record<string, string> {
  return {
    ...ownerLabels(environment.platform),
    ...environment.labels,
    ...selectorLabels(identity.name, environment),
    ...standardLabels(identity, environment.platform),
  };
}

/** Labels of an object that belongs to the platform as a whole, not to one environment (e.g. the Argo CD project). */
export function platformLabels(identity: Identity, platform: PlatformSpec): Record<string, string> {
  return { ...ownerLabels(platform), [LABEL.name]: identity.name, ...standardLabels(identity, platform) };
}

/** Labels of a platform-wide object of one component (the root Application and its project: "gitops"). */
export function platformComponentLabels(platform: PlatformSpec, component: string): Record<string, string> {
  return platformLabels({ name: platform.name, version: platform.version, component }, platform);
}

function ownerLabels(platform: PlatformSpec): Record<string, string> {
  return {
    ...platform.labels,
    ...(platform.owner === undefined ? {} : { owner: platform.owner }),
    ...(platform.team === undefined ? {} : { team: platform.team }),
  };
}

function standardLabels(identity: Identity, platform: PlatformSpec): Record<string, string> {
  return {
    [LABEL.version]: identity.version,
    ...(identity.component === undefined ? {} : { [LABEL.component]: identity.component }),
    [LABEL.partOf]: platform.name,
    [LABEL.managedBy]: MANAGED_BY,
  };
}

/** Labels of an object that belongs to a service. */
export function serviceLabels(name: string, environment: EnvironmentSpec): Record<string, string> {
  return objectLabels({ name, version: serviceVersion(environment.services[name]!) }, environment);
}

export function platformIdentity(environment: EnvironmentSpec, component: string): Identity {
  return { name: environment.platform.name, version: environment.platform.version, component };
}
