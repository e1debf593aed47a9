// The repository's validate settings, `.slipway/validate.yaml` in the working directory (or the
// file --settings names): the command line's options, plus exceptions for any rule family, each
// with its reason. Options given on the command line are added to (lists) or override (values)
// what the file says.
import { readFile } from "node:fs/promises";
import * as yaml from "js-yaml";
import { z } from "zod";
import { UsageError } from "./errors.js";
import { HELM_MODES } from "./helm-charts.js";
import { KUSTOMIZE_MODES } from "./kustomizations.js";
import { formatPath } from "../spec/issues.js";
import type { Profile } from "../validate/policy/rule.js";
import type { ValidationSelection } from "../validate/selection.js";

export const DEFAULT_VALIDATE_SETTINGS = ".slipway/validate.yaml";

const ruleList = z.array(z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, "a rule id (pss/privileged) or family (pss)"));

export const ValidateSettingsSchema = z
  .object({
    profile: z.enum(["restricted", "baseline"]).optional().describe("Pod Security level the pods are held to. @default restricted"),
    schemas: z.array(z.string()).optional().describe("Schema directories layered over the shipped ones, the first holding a kind winning."),
    prometheusSelector: z.record(z.string(), z.string()).optional().describe("Labels Prometheus selects monitors and rules by."),
    rules: ruleList.optional().describe("Report only these rules: ids or families (schema, pss, hygiene, secrets, deprecations, rbac, istio, xo)."),
    excludeRules: ruleList.optional().describe("Report none of these rules: ids or families."),
    skipKinds: z.array(z.string()).optional().describe("Kinds not validated: Kind or apiVersion/Kind."),
    ignoreMissingSchemas: z.boolean().optional().describe("A kind without a schema is a notice, not an error. @default false"),
    ignorePaths: z.array(z.string()).optional().describe("Files and directories not read: globs relative to the working directory."),
    severity: z.enum(["error", "warning"]).optional().describe("The lowest severity reported. @default warning"),
    helm: z.enum(HELM_MODES).optional().describe("How a Helm chart is read: auto renders it with helm template (its default values) when helm is on PATH, template always, skip never (a notice instead). @default auto"),
    kustomize: z.enum(KUSTOMIZE_MODES).optional().describe("How a kustomization directory is read: auto builds it with kubectl kustomize when on PATH, build always, read never (its resources as written, its patches left out). @default auto"),
    exceptions: z
      .array(
        z
          .object({
            rule: z.string().describe("A rule id or family."),
            kind: z.string().optional(),
            namespace: z.string().optional(),
            name: z.string().optional(),
            file: z.string().optional().describe("A glob of the files it applies to."),
            reason: z.string().trim().min(1, "say why the finding does not apply"),
          })
          .strict(),
      )
      .optional()
      .describe("Findings that do not apply, each with its reason."),
  })
  .strict();

export type ValidateSettings = z.infer<typeof ValidateSettingsSchema> & { readonly profile?: Profile };

/**
 * The settings file: the one named (which must exist), else .slipway/validate.yaml when there is
 * one, else none. @throws UsageError naming the file, the field and the fix
 */
export async function loadValidateSettings(named: string | undefined): Promise<ValidateSettings> {
  const path = named ?? DEFAULT_VALIDATE_SETTINGS;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (named === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new UsageError(`${path}: cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = yaml.load(text) ?? {};
  } catch (error) {
    throw new UsageError(`${path}: is not YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = ValidateSettingsSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${path}: ${formatPath(issue.path as (string | number)[]) || "(top level)"}: ${issue.message}`);
    throw new UsageError(`the validate settings are invalid:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

/** The settings file's selection with the command line's added: lists join, values given override. */
export function mergedSelection(file: ValidateSettings, flags: ValidationSelection): ValidationSelection {
  const join = (a: readonly string[] | undefined, b: readonly string[] | undefined) => [...(a ?? []), ...(b ?? [])];
  return {
    rules: join(file.rules, flags.rules),
    excludeRules: join(file.excludeRules, flags.excludeRules),
    skipKinds: join(file.skipKinds, flags.skipKinds),
    ignorePaths: join(file.ignorePaths, flags.ignorePaths),
    ignoreMissingSchemas: flags.ignoreMissingSchemas === true || file.ignoreMissingSchemas === true,
    severity: flags.severity ?? file.severity ?? "warning",
    exceptions: [...(file.exceptions ?? []), ...(flags.exceptions ?? [])],
  };
}
