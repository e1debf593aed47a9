// From loaded documents to one fully defaulted EnvironmentSpec per environment: apply each
// environment's service overrides to the catalog, parse with the schema, run the cross-field rules,
// and blame every problem on the file (and field) that set the offending value.
import { z } from "zod";
import { nameKey } from "./formats.js";
import { blamingFile, closestMatch, type FieldPath, formatPath, mergeByEnvironment, SpecError, type SpecIssue } from "./issues.js";
import type { ConfigSource, SpecDocument } from "./load.js";
import { type ExtraManifest, manifestDirectoriesOf } from "./manifest-directories.js";
import { applyMergePatch, isPlainObject, patchDecides } from "./merge-patch.js";
import { checkSpec } from "./rules/index.js";
import { type EnvironmentSpec, EnvironmentSpecSchema } from "./schema/environment-spec.js";
import { ServiceSchema, type ServiceSpec } from "./schema/service.js";
import { type FieldIssue, fieldIssues, type ZodIssue } from "./zod-issues.js";

const CATALOG_KEYS = ["platform", "services", "databases"];

/** An issue and whether it was blamed on the catalog (shared by every environment). */
type LocatedIssue = SpecIssue & { readonly inCatalog: boolean };

/** Every environment of the config, resolved; throws a SpecError listing every problem found. */
export function resolveEnvironments(source: ConfigSource): EnvironmentSpec[] {
  const singleFile = source.environments.some(({ document }) => document.file === source.catalog.file);
  const { issues: catalogIssues, fatal } = catalogShapeIssues(source.catalog, singleFile ? [...CATALOG_KEYS, "environments"] : CATALOG_KEYS);
  const issues: (SpecIssue & { environment?: string })[] = [...catalogIssues, ...(source.issues ?? [])];
  if (fatal) throw new SpecError(issues);
  const resolved: EnvironmentSpec[] = [];
  // Only catalog issues need the environment named (an environment file already says which),
  // and only when there is more than one.
  const nameEnvironments = source.environments.length > 1;
  for (const { name, document } of source.environments) {
    const result = blamingFile(document.file, () => resolveEnvironment(name, source.catalog, document, source.manifests));
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
  manifests: ConfigSource["manifests"],
): { environment?: EnvironmentSpec; issues: LocatedIssue[] } {
  const at = (doc: SpecDocument, path: FieldPath, message: string): LocatedIssue => ({
    file: doc.file,
    path: formatPath([...doc.prefix, ...path]),
    message,
    inCatalog: doc === catalog,
  });
  const badName = nameKey.safeParse(name);
  if (!badName.success) {
    return { issues: [at(document, [], `"${name}" is not a valid environment name: ${badName.error.issues[0]!.message}`)] };
  }
  if (!isPlainObject(document.data)) {
    return { issues: [at(document, [], "an environment must be an object (e.g. { namespaces: { app: {} } })")] };
  }
  // Problems with the file's shape are reported with everything else, the offending part set aside.
  const issues: LocatedIssue[] = [];
  const { services: rawServiceOverrides = {}, databases: rawDatabaseOverrides = {}, ...settings } = document.data;
  for (const key of ["name", "platform", "source", "manifestObjects"].filter((key) => Object.hasOwn(settings, key))) {
    const message = { name: "the environment's name comes from its file name (or its key under environments)", platform: `platform belongs in ${catalog.file}` }[key] ?? `unknown field "${key}"`;
    issues.push(at(document, [key], message));
    delete settings[key];
  }
  const catalogData = catalog.data as { platform?: unknown; services?: unknown; databases?: unknown };
  // Services and databases are catalog collections an environment overrides entry by entry.
  const collection = (key: "services" | "databases", what: string, rawOverrides: unknown) => {
    const entries = isPlainObject(catalogData[key]) ? catalogData[key] : {};
    const overrides: Record<string, unknown> = {};
    if (!isPlainObject(rawOverrides)) {
      issues.push(at(document, [key], `${key} overrides must be an object keyed by ${what} name`));
    } else {
      const known = Object.keys(entries);
      for (const [entry, patch] of Object.entries(rawOverrides)) {
        if (Object.hasOwn(entries, entry)) {
          overrides[entry] = patch;
          continue;
        }
        const suggestion = closestMatch(entry, known);
        issues.push(at(document, [key, entry], `overrides a ${what} the catalog (${catalog.file}) does not declare${suggestion ? `; did you mean "${suggestion}"?` : ""}`));
      }
    }
    return { merged: applyMergePatch(entries, overrides), overrides };
  };
  const services = collection("services", "service", rawServiceOverrides);
  const databases = collection("databases", "database", rawDatabaseOverrides);

  const raw = {
    ...settings,
    name,
    platform: catalogData.platform,
    services: services.merged,
    databases: databases.merged,
    source: { file: document.file, prefix: [...document.prefix.map(String)] },
    manifestObjects: manifestObjectsOf(manifests, catalog, document),
  };
  const overridesOf: Record<string, Record<string, unknown>> = { services: services.overrides, databases: databases.overrides };
  const locate = (issue: FieldIssue): LocatedIssue => {
    const [head] = issue.path;
    const overrides = typeof head === "string" && Object.hasOwn(overridesOf, head) ? overridesOf[head] : undefined;
    const fromEnvironment =
      overrides !== undefined
        ? [issue.path, ...(issue.related ?? [])].some((path) => path[0] === head && path.length > 1 && patchDecides(overrides, path.slice(1)))
        : head !== "platform";
    return at(fromEnvironment ? document : catalog, issue.path, issue.message);
  };

  const parsed = parseEnvironment(raw);
  if (parsed.environment === undefined) return { issues: [...issues, ...fieldIssues(parsed.issues, EnvironmentSpecSchema).map(locate)] };
  const ruleIssues = checkSpec(parsed.environment).map(locate);
  return issues.length > 0 ? { issues: [...issues, ...ruleIssues] } : { environment: parsed.environment, issues: ruleIssues };
}

/** The objects of the platform's manifest directories, then the environment's, each directory once. */
function manifestObjectsOf(manifests: ConfigSource["manifests"], catalog: SpecDocument, document: SpecDocument): ExtraManifest[] {
  const directories = [...new Set([...manifestDirectoriesOf(catalog, ["platform", "manifests"]), ...manifestDirectoriesOf(document, ["manifests"])])];
  return directories.flatMap((directory) => [...(manifests?.get(directory) ?? [])]);
}

/** EnvironmentSpecSchema without its services' schema: parseEnvironment parses each service on its own. */
const EnvironmentFieldsSchema = EnvironmentSpecSchema.extend({ services: z.record(nameKey, z.unknown()).default({}) });

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
  const services = Object.create(null) as Record<string, ServiceSpec>;
  for (const [name, value] of Object.entries(isPlainObject(raw.services) ? raw.services : {})) {
    // An invalid service name was reported by the fields' parse, and its service not parsed, as zod's records do.
    if (!nameKey.safeParse(name).success) continue;
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

/**
 * Problems with the catalog file's shape. Fatal ones leave nothing to resolve; an unknown
 * top-level field is reported along with every other problem.
 */
function catalogShapeIssues(catalog: SpecDocument, expected: readonly string[]): { issues: SpecIssue[]; fatal: boolean } {
  const issue = (path: string, message: string): SpecIssue => ({ file: catalog.file, path, message });
  if (!isPlainObject(catalog.data)) return { issues: [issue("", "the platform file must hold an object with `platform` and `services`")], fatal: true };
  const issues = Object.keys(catalog.data)
    .filter((key) => !CATALOG_KEYS.includes(key))
    .map((key) => {
      const suggestion = closestMatch(key, [...CATALOG_KEYS, "environments"]);
      return issue(formatPath([...catalog.prefix, key]), `unknown top-level field${suggestion ? `; did you mean "${suggestion}"?` : ""} (expected ${expected.join(", ")})`);
    });
  const missing: SpecIssue[] = [];
  if (catalog.data.platform === undefined) missing.push(issue("platform", "required: { name: <platform name>, ... }"));
  if (!isPlainObject(catalog.data.services)) missing.push(issue("services", "required: an object keyed by service name"));
  return { issues: [...issues, ...missing], fatal: missing.length > 0 };
}
