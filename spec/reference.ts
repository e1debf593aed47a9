// The spec reference (Markdown) and editor schemas (JSON Schema), generated from the zod
// schemas so the documentation always says what the code accepts.
import { z } from "zod";
import { ConfigFileSchema, EnvironmentFileSchema, PlatformFileSchema } from "./schema/files.js";

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  default?: unknown;
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

export const EDITOR_SCHEMAS = {
  "config.schema.json": ConfigFileSchema,
  "platform.schema.json": PlatformFileSchema,
  "environment.schema.json": EnvironmentFileSchema,
} as const;

/**
 * The JSON Schema of a zod schema as editors and the reference read it. zod writes startsWith as a
 * "starts_with" format beside its pattern; no JSON Schema validator knows that format, so only the
 * pattern is kept.
 */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (context) => {
      if (context.jsonSchema.format === "starts_with") delete context.jsonSchema.format;
    },
  }) as JsonSchema;
}

export function editorSchema(schema: z.ZodType): string {
  return `${JSON.stringify(jsonSchemaOf(schema), null, 2)}\n`;
}

export function specReference(): string {
  const sections = [
    ["Platform file (`platform.ts` / `platform.yaml`)", PlatformFileSchema],
    ["Environment file (`<environment>.ts` / `.yaml`)", EnvironmentFileSchema],
  ] as const;
  const parts = [
    "# Spec reference",
    "",
    "Generated from the zod schemas in `spec/schema/` by `npm run docs`; do not edit.",
    "A single-file config holds `platform`, `services` and `environments: { <name>: <environment file> }`.",
    "`<name>` stands for a key you choose; `[]` for a list item. Defaults marked * are derived (see the description).",
  ];
  const definitions = new Map<string, JsonSchema>();
  const table = (schema: JsonSchema) => ["| Field | Type | Default | Description |", "| --- | --- | --- | --- |", ...rows(schema, "")];
  for (const [title, schema] of sections) {
    const json = jsonSchemaOf(schema);
    for (const [name, definition] of Object.entries(json.$defs ?? {})) definitions.set(name, definition);
    parts.push("", `## ${title}`, "", ...table(json));
  }
  parts.push("", "## Shared types");
  for (const [name, definition] of [...definitions.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const variants = definition.oneOf?.every((option) => option.$ref !== undefined) ? definition.oneOf : undefined;
    // A union of named types (the workload kinds): a list of them, each with its own table.
    const body = variants === undefined ? table(definition) : [`One of: ${variants.map(typeName).join(", ")}.`];
    parts.push("", `### ${name}`, "", escapeCell(definition.description ?? ""), "", ...body);
  }
  return `${parts.join("\n")}\n`;
}

function rows(schema: JsonSchema, path: string): string[] {
  const result: string[] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const field = path === "" ? key : `${path}.${key}`;
    const required = schema.required?.includes(key) && property.default === undefined;
    result.push(row(field, property, required ?? false));
    result.push(...children(property, field));
  }
  return result;
}

function children(schema: JsonSchema, path: string): string[] {
  if (schema.properties) return rows(schema, path);
  if (schema.items) return children(schema.items, `${path}[]`);
  if (typeof schema.additionalProperties === "object" && (schema.additionalProperties.properties || schema.additionalProperties.anyOf)) {
    return children(schema.additionalProperties, `${path}.<name>`);
  }
  if (schema.oneOf) {
    // A discriminated union: each variant's fields under path[discriminator=value].
    return schema.oneOf.flatMap((option) => {
      const [discriminator, value] = Object.entries(option.properties ?? {}).find(([, property]) => property.const !== undefined) ?? [];
      return rows(option, discriminator === undefined ? path : `${path}[${discriminator}=${String(value!.const)}]`);
    });
  }
  const objectOption = schema.anyOf?.find((option) => option.properties);
  return objectOption ? rows(objectOption, path) : [];
}

function row(field: string, schema: JsonSchema, required: boolean): string {
  const description = schema.description ?? (schema.$ref ? `See ${typeName(schema)}.` : "");
  const derived = /@default ([^.]*(\.[^ ][^.]*)*)\.?/.exec(description);
  const text = description.replace(/ ?@default [^.]*(\.[^ ][^.]*)*\.?/, "").trim();
  const defaultValue = schema.default !== undefined ? `\`${JSON.stringify(schema.default)}\`` : derived ? `${derived[1]}*` : required ? "required" : "";
  return `| \`${field}\` | ${typeName(schema)} | ${defaultValue} | ${escapeCell(text)} |`;
}

function typeName(schema: JsonSchema): string {
  if (schema.$ref) {
    const name = schema.$ref.split("/").at(-1)!;
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(" \\| ");
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.oneOf) return "one of the variants below";
  if (schema.anyOf) return schema.anyOf.map(typeName).join(" \\| ");
  if (schema.type === "array") return `list of ${schema.items ? typeName(schema.items) : "any"}`;
  if (schema.type === "object" && typeof schema.additionalProperties === "object") return `map of ${typeName(schema.additionalProperties)}`;
  const bounds = [
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : schema.exclusiveMinimum !== undefined ? `> ${schema.exclusiveMinimum}` : "",
    schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${schema.maximum}` : schema.exclusiveMaximum !== undefined ? `< ${schema.exclusiveMaximum}` : "",
  ].filter(Boolean);
  const base = Array.isArray(schema.type) ? schema.type.join(" \\| ") : (schema.type ?? "any");
  return bounds.length > 0 ? `${base} (${bounds.join(", ")})` : base;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
