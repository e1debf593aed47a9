// The resolved, fully defaulted specification of one environment: platform identity, the
// environment's settings and every service with that environment's overrides applied.
// This is what every later stage consumes.
import { z } from "zod";
import { dnsLabel, namedRecord } from "../formats.js";
import { environmentFields } from "./environment.js";
import { PlatformSchema } from "./platform.js";
import { DatabaseSchema } from "./database.js";
import { ServiceSchema } from "./service.js";

export const EnvironmentSpecSchema = z.strictObject({
  name: dnsLabel.describe("Environment name (the file name in a config directory)."),
  platform: PlatformSchema,
  ...environmentFields,
  services: namedRecord(ServiceSchema).prefault({}).describe("Services keyed by name."),
  databases: namedRecord(DatabaseSchema).prefault({}).describe("Databases keyed by name."),
  manifestObjects: z
    .array(z.strictObject({ file: z.string(), object: z.record(z.string(), z.unknown()) }))
    .optional()
    .describe("Set by the resolver, never written: the objects of the platform's and the environment's manifest directories, each with its file."),
  source: z
    .strictObject({ file: z.string(), prefix: z.array(z.string()) })
    .optional()
    .describe("Set by the resolver, never written: the file that declares the environment and the environment's path in it, for errors found after resolving (a patch's target)."),
});

export type EnvironmentSpec = z.output<typeof EnvironmentSpecSchema>;
