// The shapes of the files users write. The resolver validates the merged per-environment spec
// (environment-spec.ts); these describe each file for editors (JSON Schema) and for the docs.
import { z } from "zod";
import { namedRecord, nameKey } from "../formats.js";
import { environmentFields } from "./environment.js";
import { PlatformSchema } from "./platform.js";
import { ServiceSchema } from "./service.js";

const catalogFields = {
  platform: PlatformSchema,
  services: namedRecord(ServiceSchema).describe("The service catalog, keyed by service name."),
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
  })
  .describe("<environment>.ts / .yaml of a config directory; the environment is named after the file.");

export const ConfigFileSchema = z
  .strictObject({
    ...catalogFields,
    environments: namedRecord(EnvironmentFileSchema).describe("Environments keyed by name."),
  })
  .describe("A whole config in one file.");
