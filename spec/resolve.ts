// From loaded documents to one fully defaulted EnvironmentSpec per environment: apply each
// environment's service overrides to the catalog, parse with the schema, run the cross-field rules,
// and blame every problem on the file (and field) that set the offending value.
import { z } from "zod";
import { dnsLabel } from "./formats.js";
import { closestMatch, type FieldPath, formatPath, mergeByEnvironment, SpecError, type SpecIssue } from "./issues.js";
import type { ConfigSource, SpecDocument } from "./load.js";
import { applyMergePatch, isPlainObject, patchDecides } from "./merge-patch.js";
import { checkSpec } from "./rules/index.js";
import { type EnvironmentSpec, EnvironmentSpecSchema } from "./schema/environment-spec.js";
import { ServiceSchema, type ServiceSpec } from "./schema/service.js";
import { type FieldIssue, fieldIssues, type ZodIssue } from "./zod-issues.js";

const CATALOG_KEYS = ["platform", "services"];

/** An issue and whether it was blamed on the catalog (shared by every environment). */
type LocatedIssue = SpecIssue & { readonly inCatalog: boolean };

/** Every environment of the config, resolved; throws a SpecError listing every problem found. */
export function resolveEnvironments(source: ConfigSource): EnvironmentSpec[] {
  const issues: (SpecIssue & { environment?: string })[] = catalogShapeIssues(source.catalog);
  const resolved: EnvironmentSpec[] = [];
  if (issues.length > 0) throw new SpecError(issues);
  // Only catalog issues need the environment named (an environment file already says which),
  // and only when there is more than one.
  const nameEnvironments = source.environments.length > 1;
  for (const { name, document } of source.environments) {
    const result = resolveEnvironment(name, source.catalog, document);
    if (result.environment) resolved.push(result.environment);
    for (const { inCatalog, ...issue } of result.issues) issues.push(inCatalog && nameEnvironments ? { ...issue, environment: name } : issue);
  }
  if (issues.length > 0) throw new SpecError(mergeByEnvironment(issues));
  return resolved.sort((a, b) => a.name.localeCompare(b.name));
}

function resolveEnvironment(
  name: string,
  catalog: SpecDocument,
  document: SpecDocument,
): { environment?: EnvironmentSpec; issues: LocatedIssue[] } {
  const at = (doc: SpecDocument, path: FieldPath, message: string): LocatedIssue => ({
    file: doc.file,
    path: formatPath([...doc.prefix, ...path]),
    message,
    inCatalog: doc === catalog,
  });
  if (!dnsLabel.safeParse(name).success) {
    return { issues: [at(document, [], `"${name}" is not a valid environment name: use lower-case letters, digits and '-' (e.g. "staging")`)] };
  }
  if (!isPlainObject(document.data)) {
    return { issues: [at(document, [], "an environment must be an object (e.g. { namespaces: { app: {} } })")] };
  }
  const { services: overrides = {}, ...settings } = document.data;
  const misplaced = ["name", "platform"].filter((key) => key in settings);
  if (misplaced.length > 0) {
    return {
      issues: misplaced.map((key) =>
        at(document, [key], key === "name" ? "the environment's name comes from its file name (or its key under environments)" : `platform belongs in ${catalog.file}`),
      ),
    };
  }
  const catalogData = catalog.data as { platform?: unknown; services?: unknown };
  const catalogServices = isPlainObject(catalogData.services) ? catalogData.services : {};
  if (!isPlainObject(overrides)) return { issues: [at(document, ["services"], "services overrides must be an object keyed by service name")] };

  const unknownOverrides = Object.keys(overrides).filter((service) => !(service in catalogServices));
  if (unknownOverrides.length > 0) {
    const known = Object.keys(catalogServices);
    return {
      issues: unknownOverrides.map((service) => {
        const suggestion = closestMatch(service, known);
        return at(
          document,
          ["services", service],
          `overrides a service the catalog (${catalog.file}) does not declare${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
        );
      }),
    };
  }

  const raw = { ...settings, name, platform: catalogData.platform, services: applyMergePatch(catalogServices, overrides) };
  const locate = (issue: FieldIssue): LocatedIssue => {
    const [head] = issue.path;
    const fromEnvironment =
      head === "services"
        ? [issue.path, ...(issue.related ?? [])].some((path) => path[0] === "services" && path.length > 1 && patchDecides(overrides, path.slice(1)))
        : head !== "platform";
    return at(fromEnvironment ? document : catalog, issue.path, issue.message);
  };

  const parsed = parseEnvironment(raw);
  if (parsed.environment === undefined) return { issues: fieldIssues(parsed.issues, EnvironmentSpecSchema).map(locate) };
  return { environment: parsed.environment, issues: checkSpec(parsed.environment).map(locate) };
}

/** EnvironmentSpecSchema without its services' schema: parseEnvironment parses each service on its own. */
const EnvironmentFieldsSchema = EnvironmentSpecSchema.extend({ services: z.record(dnsLabel, z.unknown()).default({}) });

/**
 * What EnvironmentSpecSchema.safeParse gives (the same data and issues, an invalid service name's
 * before the services' own rather than among them), with each service parsed
 * once per service object: a service that no environment overrides is the catalog's own object in
 * every environment (applyMergePatch copies only what a patch reaches), so it is parsed once, not
 * once per environment — the larger part of loading a large platform.
 */
function parseEnvironment(raw: { readonly services: unknown }): { environment?: EnvironmentSpec; issues: ZodIssue[] } {
  const fields = EnvironmentFieldsSchema.safeParse(raw, { reportInput: true });
  const issues = fields.success ? [] : [...fields.error.issues];
  const services: Record<string, ServiceSpec> = {};
  for (const [name, value] of Object.entries(isPlainObject(raw.services) ? raw.services : {})) {
    // A service name that is no DNS label was reported by the fields' parse, and its service not parsed, as zod's records do.
    if (!dnsLabel.safeParse(name).success) continue;
    const service = parsedService(value);
    if (service.success) services[name] = service.data;
    else for (const issue of service.error.issues) issues.push({ ...issue, path: ["services", name, ...issue.path] });
  }
  if (!fields.success || issues.length > 0) return { issues };
  return { environment: { ...fields.data, services }, issues };
}

const parsedServices = new WeakMap<object, z.ZodSafeParseResult<ServiceSpec>>();

function parsedService(raw: unknown): z.ZodSafeParseResult<ServiceSpec> {
  if (typeof raw !== "object" || raw === null) return ServiceSchema.safeParse(raw, { reportInput: true });
  let parsed = parsedServices.get(raw);
  if (parsed === undefined) {
    parsed = ServiceSchema.safeParse(raw, { reportInput: true });
    parsedServices.set(raw, parsed);
  }
  return parsed;
}

function catalogShapeIssues(catalog: SpecDocument): SpecIssue[] {
  const issue = (path: string, message: string): SpecIssue => ({ file: catalog.file, path, message });
  if (!isPlainObject(catalog.data)) return [issue("", "the platform file must hold an object with `platform` and `services`")];
  const issues = Object.keys(catalog.data)
    .filter((key) => !CATALOG_KEYS.includes(key))
    .map((key) => {
      const suggestion = closestMatch(key, [...CATALOG_KEYS, "environments"]);
      return issue(key, `unknown top-level field${suggestion ? `; did you mean "${suggestion}"?` : ""} (expected platform, services)`);
    });
  if (catalog.data.platform === undefined) issues.push(issue("platform", "required: { name: <platform name>, ... }"));
  if (!isPlainObject(catalog.data.services)) issues.push(issue("services", "required: an object keyed by service name"));
  return issues;
}
