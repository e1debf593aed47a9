// The shapes of the files users write. The resolver validates the merged per-environment spec
// (environment-spec.ts); these describe each file for editors (JSON Schema) and for the docs.
import { z } from "zod";
import { namedRecord, nameKey } from "../formats.js";
import { environmentFields } from "./environment.js";
import { PlatformSchema } from "./platform.js";
import { DatabaseSchema } from "./database.js";
import { ServiceSchema } from "./service.js";

const catalogFields = {
  platform: PlatformSchema,
  services: namedRecord(ServiceSchema).describe("The service catalog, keyed by service name."),
  databases: namedRecord(DatabaseSchema).optional().describe("PostgreSQL databases run by CloudNativePG, keyed by name (the name dependsOn uses; unique among services and databases)."),
};

export const PlatformFileSchema = z.strictObject(catalogFields).describe("platform.ts / platform.yaml of a config directory.");

export const EnvironmentFileSchema = z
  .strictObject({
    ...environmentFields,
    services: z
      .record(nameKey, z.record(z.string(), z.unknown()))
      .optional()
      .describe(
        "Per-service overrides, each a JSON merge patch (RFC 7386) of the catalog entry: objects merge, lists and values replace, null removes. Any service field may be overridden.",
      ),
    databases: z
      .record(nameKey, z.record(z.string(), z.unknown()))
      .optional()
      .describe("Per-database overrides, JSON merge patches of the catalog's databases (e.g. { main: { instances: 1 } } in dev)."),
  })
  .describe("<environment>.ts / .yaml of a config directory; the environment is named after the file.");

export const ConfigFileSchema = z
  .strictObject({
    ...catalogFields,
    environments: namedRecord(EnvironmentFileSchema).describe("Environments keyed by name."),
  })
  .describe("A whole config in one file.");
