// slipway CLI: parses arguments and runs a command. The work happens in cli/ and the stages below it.
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { UsageError, ValidationFailed } from "./cli/errors.js";
import { defaultArgoCdDir, synth } from "./cli/synth.js";
import { validateManifests } from "./cli/validate.js";
import { formatIssue, SpecError } from "./spec/index.js";
import { compareStrings } from "./spec/order.js";
import { type Finding, formatFinding } from "./validate/finding.js";

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const processIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

const USAGE = `Usage: slipway <command> [options]

Commands:
  synth      Render every environment of a spec to <outdir>/<env>/ (validated, written atomically)
  validate   Check manifests (rendered by slipway or not): schemas, policy, cross-object rules

Run \`slipway <command> --help\` for the command's options.`;

const SYNTH_USAGE = `Usage: slipway synth [--config <dir|file>] [--outdir <dir>] [--argocd-dir <dir>] [--env <name>]...

Render environments to <outdir>/<env>/: one YAML file per object and a kustomization.yaml; and,
when the platform declares gitops, the Argo CD AppProject and Applications to <argocd-dir>/.
Nothing is written when the spec or any rendered object is invalid.

Options:
  -c, --config <path>   Config directory (platform.ts + one file per environment) or a single
                        .ts/.yaml/.json file with platform, services and environments
                        (default: environments)
  -o, --outdir <dir>    Output directory (default: dist)
      --argocd-dir <dir>  Output directory of the Argo CD objects (default: argocd beside
                        <outdir>, i.e. <outdir>/../argocd)
  -e, --env <name>      Render only this environment; repeatable. Other environments' output and
                        argocd/ are left as they are (without --env, output of removed
                        environments is deleted)
      --schemas <dir>   Strict schema directory (default: the schemas shipped with slipway)
  -h, --help            Show this help`;

const VALIDATE_USAGE = `Usage: slipway validate <dir|file>... [--profile restricted|baseline] [--format text|json]
                        [--schemas <dir>] [--prometheus-selector <key=value>]...

Check Kubernetes manifests: every object against its strict schema (unknown fields are errors) and
its model, the policy rules (Pod Security, workload hygiene, secrets, deprecations), and the
cross-object rules (selectors, autoscaling, disruption budgets, network and mesh policy, monitors).
Each directory with a kustomization.yaml is validated as one environment. Exits 1 on any error.

Options:
      --profile <level>          Pod Security level: restricted (default) or baseline
      --format <format>          text (default): one line per finding and a summary by rule;
                                 json: { findings, summary } for CI annotations
      --schemas <dir>            Schema directory: _definitions.json (Kubernetes OpenAPI definitions,
                                 upstream kubernetes-schemas/v<version>/_definitions.json in
                                 cdk8s-team/cdk8s) and <group>/<kind>_<version>.json for custom
                                 resources (default: the schemas shipped with slipway, Kubernetes 1.28)
      --prometheus-selector <k=v>  Labels Prometheus selects by; monitors and rules must carry them
  -h, --help                     Show this help`;

/** Runs the CLI and returns the exit code: 0 success, 1 invalid spec or output, 2 usage error. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    io.out(`slipway ${version()}`);
    return 0;
  }
  try {
    if (command === "synth") return await runSynth(rest, io);
    if (command === "validate") return await runValidate(rest, io);
    throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  } catch (error) {
    return report(error, io);
  }
}

async function runSynth(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parse(() =>
    parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: "string", short: "c", default: "environments" },
        outdir: { type: "string", short: "o", default: "dist" },
        "argocd-dir": { type: "string" },
        env: { type: "string", short: "e", multiple: true },
        schemas: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  if (values.help) {
    io.out(SYNTH_USAGE);
    return 0;
  }
  const argocdDir = values["argocd-dir"] ?? defaultArgoCdDir(values.outdir);
  const result = await synth({ config: values.config, outdir: values.outdir, argocdDir, environments: values.env, schemas: values.schemas });
  for (const { name, objects, files } of result.environments) io.out(`${name}: ${objects} objects, ${files} files → ${values.outdir}/${name}/`);
  if (result.argocd !== undefined) io.out(`argocd: ${result.argocd.objects} objects, ${result.argocd.files} files → ${argocdDir}/`);
  for (const notice of result.notices) io.err(`slipway: ${notice}`);
  // Under `cdk8s synth`, cdk8s-cli deletes its output directory first and fails unless the app
  // creates it again; slipway's output is --outdir (see cdk8s.yaml), so an empty one will do.
  if (process.env.CDK8S_OUTDIR !== undefined) await mkdir(process.env.CDK8S_OUTDIR, { recursive: true });
  return 0;
}

async function runValidate(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        profile: { type: "string", default: "restricted" },
        format: { type: "string", default: "text" },
        schemas: { type: "string" },
        "prometheus-selector": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  if (values.help) {
    io.out(VALIDATE_USAGE);
    return 0;
  }
  const profile = values.profile;
  if (profile !== "restricted" && profile !== "baseline") throw new UsageError(`--profile must be restricted or baseline, not ${profile}`);
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not ${values.format}`);
  const selector = (values["prometheus-selector"] ?? []).map((pair) => {
    const [key, value] = pair.split("=");
    if (!key || value === undefined) throw new UsageError(`--prometheus-selector takes key=value, not ${pair}`);
    return [key, value] as const;
  });
  const result = await validateManifests({
    paths: positionals,
    profile,
    schemas: values.schemas,
    prometheusSelector: selector.length > 0 ? Object.fromEntries(selector) : undefined,
  });
  const errors = result.findings.filter((finding) => finding.severity === "error").length;
  const summary = { objects: result.objects, environments: result.environments, errors, warnings: result.findings.length - errors, byRule: countByRule(result.findings) };
  if (values.format === "json") {
    io.out(JSON.stringify({ findings: result.findings, summary }, null, 2));
  } else {
    for (const finding of result.findings) io.out(`${finding.severity === "warning" ? "warning: " : ""}${formatFinding(finding)}`);
    io.out(`${summary.objects} objects in ${summary.environments} environment(s): ${errors} error(s), ${summary.warnings} warning(s)`);
    for (const [rule, count] of Object.entries(summary.byRule)) io.out(`  ${rule}: ${count}`);
  }
  return errors > 0 ? 1 : 0;
}

function countByRule(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { rule } of [...findings].sort((a, b) => compareStrings(a.rule, b.rule))) counts[rule] = (counts[rule] ?? 0) + 1;
  return counts;
}

/** Argument errors from node's parseArgs become usage errors (exit 2). */
function parse<T>(parseArguments: () => T): T {
  try {
    return parseArguments();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof SpecError) {
    io.err(`slipway: the spec is invalid (${error.issues.length} problem${error.issues.length === 1 ? "" : "s"}); nothing was written:`);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue)}`);
    return 1;
  }
  if (error instanceof ValidationFailed) {
    io.err(`slipway: ${error.findings.length} rendered object problem(s); nothing was written:`);
    for (const finding of error.findings) io.err(`  ${formatFinding(finding)}`);
    return 1;
  }
  if (error instanceof UsageError) {
    io.err(`slipway: ${error.message}`);
    return 2;
  }
  io.err(`slipway: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
