// Typed helpers for writing a spec in TypeScript: identity functions whose parameter types give
// editor completion and compile-time checks. YAML and JSON files go through the same schema.
import type { z } from "zod";
import type { DatabaseSchema } from "./schema/database.js";
import type { environmentFields } from "./schema/environment.js";
import type { PlatformSchema } from "./schema/platform.js";
import type { ServiceInput } from "./schema/service.js";

/** RFC 7386 merge patch of T: every field optional, null removes it. */
export type MergePatch<T> = {
  [K in keyof T]?: (NonNullable<T[K]> extends readonly unknown[] ? T[K] : NonNullable<T[K]> extends object ? MergePatch<NonNullable<T[K]>> : T[K]) | null;
};

type EnvironmentSettings = z.input<z.ZodObject<typeof environmentFields>>;

export type DatabaseInput = z.input<typeof DatabaseSchema>;

/** platform.ts: the platform's identity, its service catalog and its databases. */
export interface PlatformFile {
  readonly platform: z.input<typeof PlatformSchema>;
  readonly services: Readonly<Record<string, ServiceInput>>;
  readonly databases?: Readonly<Record<string, DatabaseInput>>;
}

/** <environment>.ts: the environment's settings and its per-service and per-database overrides (merge patches). */
export type EnvironmentFile = EnvironmentSettings & {
  readonly services?: Readonly<Record<string, MergePatch<ServiceInput>>>;
  readonly databases?: Readonly<Record<string, MergePatch<DatabaseInput>>>;
};

/** A whole config in one file. */
export interface ConfigFile extends PlatformFile {
  readonly environments: Readonly<Record<string, EnvironmentFile>>;
}

export const definePlatform = <const T extends PlatformFile>(platform: T): T => platform;
export const defineEnvironment = <const T extends EnvironmentFile>(environment: T): T => environment;
export const defineConfig = <const T extends ConfigFile>(config: T): T => config;
export const defineService = <const T extends ServiceInput>(service: T): T => service;
