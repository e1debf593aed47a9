// Strict schema validation, like `kubeconform -strict`: unknown fields are errors. A schema
// directory holds `_definitions.json` (Kubernetes' OpenAPI definitions, as `cdk8s import` and
// upstream publish them: kubernetes-schemas/v<version>/_definitions.json in cdk8s-team/cdk8s) and
// custom resources as `<group>/<kind>_<version>.json` (kubeconform's catalog layout). Object
// schemas that list their properties are closed (additionalProperties: false).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import type { KubeObject } from "../constructs/synth.js";
import { closestMatch } from "../spec/issues.js";
import { type Finding, objectRef } from "./finding.js";
import { ValidatorCache } from "./validator-cache.js";

/** The schemas shipped with slipway: Kubernetes 1.28 and the custom resources it renders. */
export const DEFAULT_SCHEMA_DIRECTORY = fileURLToPath(new URL("../imports/schemas", import.meta.url));

type Json = Record<string, unknown>;

const AJV_OPTIONS = { strict: false, allErrors: true, verbose: true, validateFormats: false, code: { source: true } } as const;

export class SchemaCatalog {
  private readonly coreKinds: Map<string, string> = new Map();
  private readonly compiled = new Map<string, ValidateFunction | undefined>();
  private readonly definitionsText: string;
  private readonly cache = new ValidatorCache();
  private compiler: Ajv | undefined;

  /**
   * @param directory holds _definitions.json and custom resource schemas
   * @param overlays directories of custom resource schemas consulted first, in order (--schemas without _definitions.json)
   * @param inline schema texts by `apiVersion/kind`, consulted before anything (the CRDs of the input)
   */
  private constructor(
    readonly directory: string,
    private readonly overlays: readonly string[] = [],
    private readonly inline: ReadonlyMap<string, string> = new Map(),
    base?: SchemaCatalog,
  ) {
    if (base !== undefined) {
      this.definitionsText = base.definitionsText;
      this.coreKinds = base.coreKinds;
      return;
    }
    const definitionsFile = join(directory, "_definitions.json");
    if (!existsSync(definitionsFile)) throw new Error(`no _definitions.json in schema directory ${directory}`);
    this.definitionsText = readFileSync(definitionsFile, "utf8");
    const definitions = JSON.parse(this.definitionsText) as { definitions: Record<string, Json> };
    for (const [name, definition] of Object.entries(definitions.definitions)) {
      for (const gvk of (definition["x-kubernetes-group-version-kind"] as { group: string; version: string; kind: string }[] | undefined) ?? []) {
        this.coreKinds.set(`${gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`}/${gvk.kind}`, name);
      }
    }
  }

  private static readonly loaded = new Map<string, SchemaCatalog>();

  /** Loads and prepares a schema directory, once per process; schemas compile lazily, once per kind. */
  static load(directory: string = DEFAULT_SCHEMA_DIRECTORY): SchemaCatalog {
    const catalog = SchemaCatalog.loaded.get(directory) ?? new SchemaCatalog(directory);
    SchemaCatalog.loaded.set(directory, catalog);
    return catalog;
  }

  /**
   * Schema directories as `slipway validate --schemas` takes them, repeatable: the first that holds
   * _definitions.json replaces the shipped set; the others layer their custom resource schemas
   * over it, the first holding a kind winning.
   */
  static layered(directories: readonly string[]): SchemaCatalog {
    const base = directories.find((directory) => existsSync(join(directory, "_definitions.json")));
    const overlays = directories.filter((directory) => directory !== base);
    const catalog = SchemaCatalog.load(base);
    return overlays.length === 0 ? catalog : new SchemaCatalog(catalog.directory, overlays, new Map(), catalog);
  }

  /** This catalog with schemas given as values (a CRD's versions), which win over every directory. */
  withSchemas(schemas: ReadonlyMap<string, string>): SchemaCatalog {
    return schemas.size === 0 ? this : new SchemaCatalog(this.directory, this.overlays, new Map([...this.inline, ...schemas]), this);
  }

  /** Whether the Kubernetes definitions describe this kind (otherwise it is a custom resource). */
  isKubernetesKind(apiVersion: string, kind: string): boolean {
    return this.coreKinds.has(`${apiVersion}/${kind}`);
  }

  /** The strict validator for a kind, or undefined when the directory has no schema for it. */
  validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    if (!this.compiled.has(key)) this.compiled.set(key, this.compile(apiVersion, kind));
    return this.compiled.get(key);
  }

  /** From the on-disk cache when an identical schema was compiled before, else compiled and cached. */
  private compile(apiVersion: string, kind: string): ValidateFunction | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const given = this.inline.get(`${apiVersion}/${kind}`) ?? this.overlays.map((directory) => join(directory, group!, `${kind.toLowerCase()}_${version}.json`)).filter((file) => existsSync(file)).map((file) => readFileSync(file, "utf8"))[0];
    const core = given === undefined ? this.coreKinds.get(`${apiVersion}/${kind}`) : undefined;
    const file = join(this.directory, group!, `${kind.toLowerCase()}_${version}.json`);
    if (given === undefined && core === undefined && !existsSync(file)) return undefined;
    const text = given ?? (core === undefined ? readFileSync(file, "utf8") : this.definitionsText);
    const key = ValidatorCache.key([schemaCode(), apiVersion, kind, text]);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const validator = core === undefined ? this.ajv().compile(closeObjects(JSON.parse(text)) as object) : this.ajv().compile({ $ref: `kubernetes#/definitions/${core}` });
    this.cache.put(key, standalone.default(this.ajv(), validator));
    return validator;
  }

  /** The compiler, with the Kubernetes definitions closed and registered: built on the first cache miss only. */
  private ajv(): Ajv {
    if (this.compiler === undefined) {
      this.compiler = new Ajv(AJV_OPTIONS);
      this.compiler.addSchema(closeObjects(JSON.parse(this.definitionsText)) as object, "kubernetes");
    }
    return this.compiler;
  }

  validate(environment: string, object: KubeObject): Finding[] {
    const base = { environment, object: objectRef(object), severity: "error" as const };
    const validator = this.validatorFor(object.apiVersion, object.kind);
    if (validator === undefined) {
      return [
        {
          ...base,
          path: "",
          rule: "schema/unknown-kind",
          message: `no schema for ${object.apiVersion} ${object.kind} in ${[...this.overlays, this.directory].join(", ")}`,
          fix: `add ${object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "core"}/${object.kind.toLowerCase()}_<version>.json to the schema directory (--schemas)`,
        },
      ];
    }
    const valid = validator(object);
    this.cache.validated(validator);
    if (valid) return [];
    return describeErrors(validator.errors ?? []).map((error) => ({ ...base, ...error }));
  }
}

/**
 * What shapes a compiled validator besides its schema: the code that closes the schemas and ajv's
 * options, as their source text. A cached validator compiled by other code (an edit, an upgrade of
 * slipway) is never used.
 */
export function schemaCode(): string {
  return [closeObjects, mapValues].map((code) => code.toString()).join("\n") + JSON.stringify(AJV_OPTIONS);
}

/** additionalProperties: false on every object schema that lists properties and allows nothing else explicitly. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== "object") return schema;
  const object = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === "properties" ? mapValues(value as Json, closeObjects) : closeObjects(value)]));
  if (object.properties !== undefined && object.additionalProperties === undefined && object["x-kubernetes-preserve-unknown-fields"] !== true) {
    object.additionalProperties = false;
  }
  return object;
}

function mapValues(record: Json, map: (value: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/** ajv's errors as findings: one per unknown field (with a "did you mean"), one per other bad path. */
function describeErrors(errors: readonly ErrorObject[]): Pick<Finding, "path" | "rule" | "message" | "fix">[] {
  const toPath = (pointer: string) => pointer.split("/").filter(Boolean).join(".");
  const unknown = errors
    .filter((error) => error.keyword === "additionalProperties")
    .map((error) => {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: Json } | undefined)?.properties ?? {});
      const suggestion = closestMatch(field, known);
      return {
        path: [toPath(error.instancePath), field].filter(Boolean).join("."),
        rule: "schema/unknown-field",
        message: `unknown field "${field}"`,
        fix: suggestion !== undefined ? `did you mean "${suggestion}"?` : `remove it; known fields here: ${known.join(", ")}`,
      };
    });
  // Unions (oneOf/anyOf) report a failure per branch; say each bad path once, most specific first.
  const others = new Map<string, string[]>();
  for (const error of errors.filter((candidate) => candidate.keyword !== "additionalProperties" && !["oneOf", "anyOf", "if"].includes(candidate.keyword))) {
    const messages = others.get(error.instancePath) ?? [];
    const message = `${error.message ?? "is invalid"}${error.keyword === "enum" ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(", ")})` : ""}`;
    if (!messages.includes(message)) messages.push(message);
    others.set(error.instancePath, messages);
  }
  const typed = [...others.entries()].map(([pointer, messages]) => ({
    path: toPath(pointer),
    rule: "schema/invalid-field",
    message: messages.join(" or "),
    fix: "make the field match the schema",
  }));
  return [...unknown, ...typed];
}
