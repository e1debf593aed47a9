// slipway CLI: parses arguments and runs a command. The work happens in cli/ and the stages below it.
import { pathToFileURL } from "node:url";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { configArgument, DEFAULT_CONFIG } from "./bin/config-size.js";
import { writeCdk8sPointer } from "./cli/cdk8s-output.js";
import { check } from "./cli/check.js";
import { diffMarkdown, diffText, renderedDiff } from "./cli/diff.js";
import { UsageError } from "./cli/errors.js";
import { init } from "./cli/init.js";
import { publishCommand } from "./cli/publish.js";
import { exitOnUncaughtError, internalErrorLines, type Io, reportError } from "./cli/report-error.js";
import { writeProfile } from "./cli/stages.js";
import { defaultArgoCdDir, synth } from "./cli/synth.js";
import { HELM_MODES, type HelmMode } from "./cli/helm-charts.js";
import { KUSTOMIZE_MODES, type KustomizeMode } from "./cli/kustomizations.js";
import { validateManifests } from "./cli/validate.js";
import { validateGithub, validateJson, validateSarif, validateText } from "./cli/validate-report.js";
import { loadValidateSettings, mergedSelection } from "./cli/validate-settings.js";
import { slipwayVersion } from "./cli/version.js";
import { maskUrlCredentials } from "./spec/url-credentials.js";
import { INTERNAL_RULE_PREFIX } from "./validate/finding.js";

export { exitOnUncaughtError, internalErrorLines, type Io };

/**
 * Under `npx cdk8s synth` (which sets CDK8S_OUTDIR) cdk8s-cli keeps the app's stdout to itself and
 * shows only its stderr: there, slipway prints its report on stderr so that it is seen.
 */
const processIo: Io = {
  out: (line) => (process.env.CDK8S_OUTDIR === undefined ? console.log(line) : console.error(line)),
  err: (line) => console.error(line),
  ...(process.stderr.isTTY ? { status: (line: string) => process.stderr.write(`\r\x1b[K${line.slice(0, Math.max(0, (process.stderr.columns ?? 80) - 1))}`) } : {}),
};

const USAGE = `Usage: slipway <command> [options]

Commands:
  init       Create a new platform repository that depends on slipway
  synth      Render every environment of a spec to <outdir>/<env>/ (validated, written atomically)
  check      Fail when the committed dist/ or argocd/ differs from a fresh render
  publish    Commit the rendered environments to the GitOps output repository, with provenance
  diff       List the rendered files that changed against a git revision, per environment
  validate   Check manifests (rendered by slipway or not): schemas, policy, cross-object rules

Run \`slipway <command> --help\` for the command's options.`;

const INIT_USAGE = `Usage: slipway init [dir] [--yaml] [--name <name>] [--slipway <version|path|url>] [--force]

Create a platform repository in <dir> (default: the current directory): environments/ with a small
platform (web calling api, web exposed) in dev and production, tests of the rendered manifests, a
package.json depending on slipway, cdk8s.yaml, .gitignore, a CI workflow that renders, checks and
posts the rendered diff on pull requests, and a README. Then: npm install && npm run synth; npm test.

Options:
      --yaml            Write the config as YAML instead of TypeScript
      --name <name>     The platform's name (default: the directory's name, as a DNS label)
      --slipway <spec>  What package.json depends on for slipway: a version range, a git URL, or
                        the path of a tarball (npm pack) or checkout (default: ^<this version>)
      --force           Write into a directory that is not empty (the scaffold's files are replaced)
  -h, --help            Show this help`;

const SYNTH_USAGE = `Usage: slipway synth [--config <dir|file>] [--outdir <dir>] [--argocd-dir <dir>] [--env <name>]... [--remove <name>]...

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
                        argocd/ are left as they are
      --remove <name>   Delete the output of this environment, no longer in the spec; repeatable.
                        Without it, output of an environment gone from the spec stops the render
                        (exit 1, nothing written), and so does a rename, which is refused
      --schemas <dir>   Strict schema directory (default: the schemas shipped with slipway)
  -h, --help            Show this help`;

const CHECK_USAGE = `Usage: slipway check [--config <dir|file>] [--outdir <dir>] [--argocd-dir <dir>]

Render every environment in memory and compare it with <outdir>/ and the Argo CD directory.
Exits 1 and lists each file that is modified, missing or stale (no longer rendered): run
\`npm run synth\` and commit the result. Writes nothing.

Options:
  -c, --config <path>   Config directory or file (default: environments)
  -o, --outdir <dir>    Output directory to compare (default: dist)
      --argocd-dir <dir>  Argo CD directory to compare (default: argocd beside <outdir>)
      --schemas <dir>   Strict schema directory (default: the schemas shipped with slipway)
  -h, --help            Show this help`;

const PUBLISH_USAGE = `Usage: slipway publish [--config <dir|file>] [--repo <url|path>] [--layout folder|branch]
                       [--branch <name>] [--next] [--dry-run] [--no-repair] [--remove <name>]...

Render and validate every environment in memory, then commit the output to the GitOps output
repository: each environment's files replace what it held (stale files removed); no commit when no
manifest changed; the message lists the objects changed and carries the trailers Source-Commit,
Source-Repo and Rendered-By. The push never forces: when another publisher moved the branch, the
commit is redone on the new tip (up to 10 attempts, jittered backoff). A source commit older than
the last published one is refused. The config must be in a git checkout without uncommitted changes.
A branch that claims this source's render but whose files differ (edited in the output repository)
is restored by a commit saying so, or refused with --no-repair.

Options:
  -c, --config <path>   Config directory or file (default: environments)
      --repo <url|path> Output repository (default: platform.gitops.repoURL)
      --layout <layout> folder: <env>/ folders on one branch; branch: one environment/<env> branch
                        per environment with hydrator.metadata (default: platform.gitops.layout)
      --branch <name>   Branch of the folder layout (default: platform.gitops.branch, main)
      --next            Branch layout: write environment/<env>-next, the staging branches GitOps
                        Promoter promotes from
      --dry-run         Show the commit(s) that would be made; push nothing
      --no-repair       Refuse, rather than restore, files edited in the output repository since
                        the render of this source commit was published
      --remove <name>   Folder layout: remove the folder of this environment, no longer in the
                        spec; repeatable. Without it, such a folder refuses the publish (a rename
                        is refused with the reason)
      --schemas <dir>   Strict schema directory (default: the schemas shipped with slipway)
  -h, --help            Show this help

Exit codes: 0 published or nothing to publish, 1 invalid spec or output, refused or failed publish,
2 usage error.`;

const DIFF_USAGE = `Usage: slipway diff [--base <revision>] [--outdir <dir>] [--argocd-dir <dir>] [--format text|markdown]

Review what the rendered output changes against a git revision (the working tree against it,
uncommitted and untracked files included). First the changes to look at before merging, in every
environment: wider access (new NetworkPolicy peers or ports, new AuthorizationPolicy principals),
new exposure, new egress hosts, lower availability (replicas, autoscaling floor, disruption
budgets), deleted objects, RBAC and Pod Security. Then, per environment, each service's changes by
cause (an image bump is one line) and the files. Run it after \`npm run synth\`; CI posts the
markdown on pull requests. Flags do not change the exit code.

Options:
      --base <revision>   Revision to compare with (default: origin/main)
  -o, --outdir <dir>      Output directory (default: dist)
      --argocd-dir <dir>  Argo CD directory (default: argocd beside <outdir>)
      --format <format>   text (default) or markdown
  -h, --help              Show this help`;

const VALIDATE_USAGE = `Usage: slipway validate <dir|file>... [options]

Check Kubernetes manifests: every object against its strict schema (unknown fields are errors) and
its model, the policy rules (Pod Security, workload hygiene, secrets, deprecations), and the
cross-object rules (selectors, autoscaling, disruption budgets, network and mesh policy, monitors,
duplicate objects). Each directory with a kustomization.yaml is one environment: what kubectl
apply -k would apply there (a kustomization another one includes is validated as part of it). A
Helm chart directory (Chart.yaml) is rendered with helm template when helm is on PATH, else
skipped with a notice. Other files of one argument are one environment, unless sibling
subdirectories declare the same object (dev/ and prod/ copies): then each is its own.
Manifests are read as kubectl reads them (YAML 1.1: merge keys, 0644 octal, on/off booleans); a
field set to null counts as not set; typed lists (ConfigMapList, …) are checked item by item; an
object named by generateName alone is shown as <generateName>*; CustomResourceDefinitions in the
input are the schemas of their kinds.

Options:
      --profile <level>          Pod Security level: restricted (default) or baseline
      --format <format>          text (default): one line per finding (file:line:column) and a
                                 summary by rule with each rule's fix; json: { findings, notices,
                                 excepted, summary }; sarif: SARIF 2.1.0 for code scanning;
                                 github: GitHub Actions annotations on each file and line
      --rules <ids|families>     Report only these rules, by id (pss/privileged) or family (schema,
                                 input, pss, hygiene, secrets, deprecations, rbac, istio, xo); repeatable
                                 or comma-separated. --rules schema checks what kubeconform -strict does
      --exclude-rules <ids|families>  Report none of these rules
      --skip-kinds <kinds>       Do not validate these kinds (Kind or apiVersion/Kind); their
                                 objects still count as references for the cross-object rules
      --ignore-missing-schemas   A kind without a schema is a notice, not an error
      --ignore-path <glob>       Do not read files matching the glob (relative to the working
                                 directory; a directory's glob covers what is inside); repeatable
      --severity <level>         The lowest severity reported: warning (default) or error
      --schemas <dir>            Schema directory; repeatable. One holding _definitions.json
                                 (Kubernetes OpenAPI definitions, upstream
                                 kubernetes-schemas/v<version>/_definitions.json in cdk8s-team/cdk8s)
                                 replaces the shipped set (Kubernetes 1.28); the others add
                                 <group>/<kind>_<version>.json custom resource schemas over it
      --kustomize <mode>         How a kustomization directory is read: auto (default) builds it
                                 with kubectl kustomize (or kustomize build) when on PATH, else
                                 reads the files its resources name as written, leaving its patch
                                 files out (with a notice); build: always build; read: never build
      --helm <mode>              How a Helm chart (a directory with Chart.yaml) is read: auto
                                 (default) renders it with helm template and its default values
                                 when helm is on PATH, else skips it with a notice; template:
                                 always render; skip: never render
      --prometheus-selector <k=v>  Labels Prometheus selects by; monitors and rules must carry them
      --settings <file>          Settings file (default: .slipway/validate.yaml when present): the
                                 options above, plus exceptions for any rule with a reason
  -h, --help                     Show this help

Input problems (input/*) are always reported. Exits 0 when clean, 1 on any error, 2 on a usage
error, 3 when a rule failed on the input (a bug in slipway: reported as an internal/<rule>
finding; the other rules still run and the report is still written).`;

/**
 * Runs the CLI and returns the exit code: 0 success, 1 invalid spec or output (or a refused or
 * failed publish), 2 usage error, 3 internal error (a bug). Every line printed has the credentials
 * of any URL in it masked.
 */
export async function main(argv: readonly string[], output: Io = processIo): Promise<number> {
  const io: Io = {
    out: (line) => output.out(maskUrlCredentials(line)),
    err: (line) => output.err(maskUrlCredentials(line)),
    ...(output.status === undefined ? {} : { status: (line: string) => output.status!(maskUrlCredentials(line)) }),
  };
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    io.out(`slipway ${slipwayVersion()}`);
    return 0;
  }
  // What the command works on, named when an internal error is reported.
  const context: Context = { input: "the command line" };
  try {
    if (command === "init") return await runInit(rest, io, context);
    if (command === "synth") return await runSynth(rest, io, context);
    if (command === "check") return await runCheck(rest, io, context);
    if (command === "publish") return await runPublish(rest, io, context);
    if (command === "diff") return await runDiff(rest, io, context);
    if (command === "validate") return await runValidate(rest, io, context);
    throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  } catch (error) {
    return reportError(error, io, context.input);
  } finally {
    writeProfile();
  }
}

async function runInit(argv: readonly string[], io: Io, context: Context): Promise<number> {
  const { values, positionals } = parseCommand(argv, { yaml: { type: "boolean", default: false }, name: { type: "string" }, slipway: { type: "string" }, force: { type: "boolean", default: false } }, true);
  if (values.help) {
    io.out(INIT_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`init takes one directory, not ${positionals.length}`);
  const directory = positionals[0] ?? ".";
  context.input = directory;
  const result = await init({ directory, yaml: values.yaml, force: values.force, name: values.name, slipway: values.slipway });
  io.out(`slipway init: platform ${result.name} in ${directory}/ (${result.files.length} files: ${result.files.join(", ")})`);
  io.out("Next:");
  if (directory !== ".") io.out(`  cd ${directory}`);
  io.out("  npm install && npm run synth   # render dist/dev/ and dist/production/");
  io.out("  npm test                       # the first run records the snapshots; commit them with dist/");
  return 0;
}

async function runSynth(argv: readonly string[], io: Io, context: Context): Promise<number> {
  const { values } = parseCommand(argv, { ...CONFIG_OPTION, ...OUTDIR_OPTION, ...ARGOCD_DIR_OPTION, env: { type: "string", short: "e", multiple: true }, ...REMOVE_OPTION, ...SCHEMAS_OPTION });
  if (values.help) {
    io.out(SYNTH_USAGE);
    return 0;
  }
  context.input = values.config;
  const argocdDir = values["argocd-dir"] ?? defaultArgoCdDir(values.outdir);
  // As each environment is rendered (nothing is written before all are): a status line on a
  // terminal, else a line on stderr, so that a long render shows where it is.
  const onEnvironment = (output: { name: string; objectCount: number }, done: number, total: number) => {
    const line = `rendered ${output.name} (${output.objectCount} objects), ${done} of ${total} environment${total === 1 ? "" : "s"}`;
    if (io.status === undefined) io.err(`slipway: ${line}`);
    else io.status(done < total ? `slipway: ${line}…` : "");
  };
  const result = await synth({ config: values.config, outdir: values.outdir, argocdDir, environments: values.env, remove: values.remove, schemas: values.schemas, onEnvironment });
  for (const { name, objects, files, changes } of result.environments) {
    const summary = changes === undefined ? "" : ` (${changes.added} added, ${changes.changed} changed, ${changes.unchanged} unchanged, ${changes.removed} removed)`;
    io.out(`${name}: ${objects} objects, ${files} files${summary} → ${values.outdir}/${name}/`);
  }
  for (const name of result.removed) io.out(`${name}: no longer an environment; removed ${values.outdir}/${name}/`);
  for (const notice of result.removalNotices) io.err(`slipway: ${notice}`);
  if (result.argocd !== undefined) io.out(`argocd: ${result.argocd.objects} objects, ${result.argocd.files} files → ${argocdDir}/`);
  for (const notice of result.notices) io.err(`slipway: ${notice}`);
  if (process.env.CDK8S_OUTDIR !== undefined) {
    const directories = [...result.environments.map(({ name }) => `${values.outdir}/${name}`), ...(result.argocd === undefined ? [] : [argocdDir])];
    await writeCdk8sPointer(process.env.CDK8S_OUTDIR, directories);
  }
  return 0;
}

async function runCheck(argv: readonly string[], io: Io, context: Context): Promise<number> {
  const { values } = parseCommand(argv, { ...CONFIG_OPTION, ...OUTDIR_OPTION, ...ARGOCD_DIR_OPTION, ...SCHEMAS_OPTION });
  if (values.help) {
    io.out(CHECK_USAGE);
    return 0;
  }
  context.input = values.config;
  const result = await check({ config: values.config, outdir: values.outdir, argocdDir: values["argocd-dir"], schemas: values.schemas });
  if (result.differences.length === 0) {
    io.out(`slipway check: ${result.files} files match a fresh render`);
    return 0;
  }
  io.err(`slipway check: ${result.differences.length} file(s) differ from a fresh render; run \`npm run synth\` and commit the result:`);
  for (const { path, change } of result.differences) io.err(`  ${change.padEnd(8)} ${path}`);
  return 1;
}

async function runPublish(argv: readonly string[], io: Io, context: Context): Promise<number> {
  const { values } = parseCommand(argv, {
    ...CONFIG_OPTION,
    repo: { type: "string" },
    layout: { type: "string" },
    branch: { type: "string" },
    next: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    "no-repair": { type: "boolean", default: false },
    ...REMOVE_OPTION,
    ...SCHEMAS_OPTION,
  });
  if (values.help) {
    io.out(PUBLISH_USAGE);
    return 0;
  }
  context.input = values.config;
  const layout = values.layout;
  if (layout !== undefined && layout !== "folder" && layout !== "branch") throw new UsageError(`--layout must be folder or branch, not ${layout}`);
  const result = await publishCommand({ config: values.config, repo: values.repo, branch: values.branch, layout, next: values.next, dryRun: values["dry-run"], repair: !values["no-repair"], remove: values.remove, schemas: values.schemas });
  for (const notice of result.notices) io.err(`slipway: ${notice}`);
  const source = result.source.sha.slice(0, 12);
  if (result.status === "unchanged") {
    io.out(`slipway publish: nothing to publish: ${result.repo} already holds the render of ${source}`);
    return 0;
  }
  for (const commit of result.commits) {
    const heading =
      result.status === "dry-run" ? `would ${commit.repair ? "repair" : "commit to"} ${commit.branch}` : `${commit.repair ? "repaired" : "published"} ${commit.sha.slice(0, 12)} ${commit.repair ? "on" : "to"} ${commit.branch}`;
    if (commit.repair) io.err(`slipway: ${commit.branch} of ${result.repo} claimed the render of ${source} but ${commit.changes.length} file(s) differed (edited in the output repository?): restored`);
    io.out(`slipway publish: ${heading} of ${result.repo}${result.attempts > 1 ? ` (attempt ${result.attempts})` : ""}`);
    io.out(commit.message.replace(/^/gm, "    ").trimEnd());
  }
  for (const notice of result.removalNotices) io.err(`slipway: ${notice}`);
  if (result.status === "dry-run") io.out("slipway publish: dry run: nothing was pushed");
  return 0;
}

async function runDiff(argv: readonly string[], io: Io, context: Context): Promise<number> {
  const { values } = parseCommand(argv, { base: { type: "string", default: "origin/main" }, ...OUTDIR_OPTION, ...ARGOCD_DIR_OPTION, format: { type: "string", default: "text" } });
  if (values.help) {
    io.out(DIFF_USAGE);
    return 0;
  }
  context.input = values.outdir;
  if (values.format !== "text" && values.format !== "markdown") throw new UsageError(`--format must be text or markdown, not ${values.format}`);
  const diff = await renderedDiff({ base: values.base, outdir: values.outdir, argocdDir: values["argocd-dir"] });
  io.out(values.format === "markdown" ? diffMarkdown(values.base, diff) : diffText(values.base, diff));
  return 0;
}

async function runValidate(argv: readonly string[], io: Io, context: Context): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      profile: { type: "string" },
      format: { type: "string", default: "text" },
      schemas: { type: "string", multiple: true },
      "prometheus-selector": { type: "string", multiple: true },
      rules: { type: "string", multiple: true },
      "exclude-rules": { type: "string", multiple: true },
      "skip-kinds": { type: "string", multiple: true },
      "ignore-missing-schemas": { type: "boolean" },
      "ignore-path": { type: "string", multiple: true },
      severity: { type: "string" },
      settings: { type: "string" },
      kustomize: { type: "string" },
      helm: { type: "string" },
    },
    true,
  );
  if (values.help) {
    io.out(VALIDATE_USAGE);
    return 0;
  }
  context.input = positionals.join(", ");
  const settings = await loadValidateSettings(values.settings);
  const profile = values.profile ?? settings.profile ?? "restricted";
  if (profile !== "restricted" && profile !== "baseline") throw new UsageError(`--profile must be restricted or baseline, not ${profile}`);
  if (!["text", "json", "sarif", "github"].includes(values.format)) throw new UsageError(`--format must be text, json, sarif or github, not ${values.format}`);
  if (values.severity !== undefined && values.severity !== "error" && values.severity !== "warning") throw new UsageError(`--severity must be error or warning, not ${values.severity}`);
  const kustomize = values.kustomize ?? settings.kustomize ?? "auto";
  if (!KUSTOMIZE_MODES.includes(kustomize as KustomizeMode)) throw new UsageError(`--kustomize must be auto, build or read, not ${kustomize}`);
  const helm = values.helm ?? settings.helm ?? "auto";
  if (!HELM_MODES.includes(helm as HelmMode)) throw new UsageError(`--helm must be auto, template or skip, not ${helm}`);
  const selector = (values["prometheus-selector"] ?? []).map((pair) => {
    const [key, value] = pair.split("=");
    if (!key || value === undefined) throw new UsageError(`--prometheus-selector takes key=value, not ${pair}`);
    return [key, value] as const;
  });
  const list = (given: string[] | undefined) => (given ?? []).flatMap((item) => item.split(",")).map((item) => item.trim()).filter((item) => item !== "");
  const selection = mergedSelection(settings, {
    rules: list(values.rules),
    excludeRules: list(values["exclude-rules"]),
    skipKinds: list(values["skip-kinds"]),
    ignorePaths: list(values["ignore-path"]),
    ...(values["ignore-missing-schemas"] === undefined ? {} : { ignoreMissingSchemas: values["ignore-missing-schemas"] }),
    ...(values.severity === undefined ? {} : { severity: values.severity }),
  });
  const result = await validateManifests({
    paths: positionals,
    profile,
    schemas: [...(values.schemas ?? []), ...(settings.schemas ?? [])],
    prometheusSelector: selector.length > 0 ? Object.fromEntries(selector) : settings.prometheusSelector,
    selection,
    kustomize: kustomize as KustomizeMode,
    helm: helm as HelmMode,
  });
  if (values.format === "json") io.out(validateJson(result));
  else if (values.format === "sarif") io.out(validateSarif(result, slipwayVersion()));
  else for (const line of values.format === "github" ? validateGithub(result) : validateText(result)) io.out(line);
  // A rule that failed on the input is a bug in slipway: reported among the findings, then exit 3.
  if (result.findings.some(({ rule }) => rule.startsWith(INTERNAL_RULE_PREFIX))) return 3;
  return result.findings.some(({ severity }) => severity === "error") ? 1 : 0;
}

const CONFIG_OPTION = { config: { type: "string", short: "c", default: DEFAULT_CONFIG } } as const;
const OUTDIR_OPTION = { outdir: { type: "string", short: "o", default: "dist" } } as const;
const ARGOCD_DIR_OPTION = { "argocd-dir": { type: "string" } } as const;
const SCHEMAS_OPTION = { schemas: { type: "string" } } as const;
const REMOVE_OPTION = { remove: { type: "string", multiple: true } } as const;
const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

/** Strict parsing with --help; argument errors from node's parseArgs become usage errors (exit 2). */
function parseCommand<const T extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals, options: { ...options, ...HELP_OPTION } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

interface Context {
  /** The config, directory or files the command reads. */
  input: string;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  exitOnUncaughtError(configArgument(process.argv.slice(2)));
  process.exitCode = await main(process.argv.slice(2));
}
