// A problem found in the spec, located in the file a user must edit.

export type FieldPath = readonly PropertyKey[];

export interface SpecIssue {
  /** File to edit, relative to the working directory. */
  readonly file: string;
  /** Field path inside that file, e.g. `services.auth.autoscaling.max`. */
  readonly path: string;
  /** What is wrong and what would be valid. */
  readonly message: string;
  /** Environments in which the problem appears (for issues in a shared catalog). */
  readonly environments?: readonly string[];
}

export class SpecError extends Error {
  constructor(readonly issues: readonly SpecIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "SpecError";
  }
}

/** An unexpected error (a bug in slipway) while processing a file, which the report names. */
export class InternalError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`internal error while processing ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "InternalError";
  }
}

/** Runs work on a file; an error that is not a problem with the input is a bug, reported naming the file. */
export function blamingFile<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SpecError || error instanceof InternalError) throw error;
    throw new InternalError(file, error);
  }
}

/** The config path names nothing: a usage error, not an invalid spec. */
export class ConfigNotFound extends Error {
  override name = "ConfigNotFound";
}

export function formatIssue(issue: SpecIssue): string {
  const where = issue.path === "" ? issue.file : `${issue.file}: ${issue.path}`;
  const scope = issue.environments && issue.environments.length > 0 ? ` (environment ${issue.environments.join(", ")})` : "";
  return `${where}: ${issue.message}${scope}`;
}

/** `services.auth.ports[0].name`, with keys that are not identifiers quoted: `quota["requests.cpu"]`. */
export function formatPath(path: FieldPath): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(key))) text += text === "" ? String(key) : `.${String(key)}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** Merges issues that differ only by environment, so a catalog mistake is reported once. */
export function mergeByEnvironment(issues: readonly (SpecIssue & { environment?: string })[]): SpecIssue[] {
  const merged = new Map<string, { issue: SpecIssue; environments: string[] }>();
  for (const { environment, ...issue } of issues) {
    const key = `${issue.file}\0${issue.path}\0${issue.message}`;
    const entry = merged.get(key) ?? { issue, environments: [] };
    if (environment !== undefined && !entry.environments.includes(environment)) entry.environments.push(environment);
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ issue, environments }) => (environments.length > 0 ? { ...issue, environments } : issue));
}

export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
