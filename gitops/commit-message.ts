// The output commit's message: which environments and objects changed, then the provenance
// trailers. A reviewer reads the change without opening the diff; tools read the trailers.
import * as yaml from "js-yaml";
import type { FileChange } from "./git.js";
import { short, type SourceCommit } from "./provenance.js";

export interface ChangedFile {
  readonly environment: string;
  /** Path inside the environment's folder (or branch). */
  readonly path: string;
  readonly change: FileChange;
  /** The file's content after the change, or before it when deleted. */
  readonly content: string;
}

/** At most this many lines per environment, so a large change still makes a readable message. */
const MAX_LINES_PER_ENVIRONMENT = 200;

/** @param repair the branch already claimed this render: the commit restores files changed by hand */
export function commitMessage(source: SourceCommit, changes: readonly ChangedFile[], trailers: readonly string[], repair = false): string {
  const environments = [...new Set(changes.map(({ environment }) => environment))].sort();
  const subject = repair ? `Repair ${environments.join(", ")}: restore the render of ${short(source.sha)} (files changed by hand)` : `Render ${environments.join(", ")} from ${short(source.sha)}: ${source.subject}`;
  const sections = environments.map((environment) => {
    const files = changes.filter((change) => change.environment === environment);
    const objects = files.filter((file) => describeObject(file.content) !== undefined).length;
    const lines = files.map((file) => `  ${file.change.padEnd(8)} ${describeObject(file.content) ?? file.path}`);
    const shown = lines.length > MAX_LINES_PER_ENVIRONMENT ? [...lines.slice(0, MAX_LINES_PER_ENVIRONMENT), `  … and ${lines.length - MAX_LINES_PER_ENVIRONMENT} more`] : lines;
    return [`${environment}: ${objects} object${objects === 1 ? "" : "s"} changed`, ...shown].join("\n");
  });
  return `${truncate(subject, 120)}\n\n${sections.join("\n\n")}\n\n${trailers.join("\n")}\n`;
}

/** `Kind namespace/name` of a manifest file; undefined for files that are not one object. */
export function describeObject(content: string): string | undefined {
  try {
    const object = yaml.load(content) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
    if (typeof object?.kind !== "string" || typeof object.metadata?.name !== "string") return undefined;
    return `${object.kind} ${typeof object.metadata.namespace === "string" ? `${object.metadata.namespace}/` : ""}${object.metadata.name}`;
  } catch {
    return undefined;
  }
}

function truncate(line: string, length: number): string {
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}
