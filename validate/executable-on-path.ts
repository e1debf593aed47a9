// Finding a tool the validator may call (promtool, kubectl, kustomize) the way a shell would.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The first executable `name` in a directory of PATH, or undefined. */
export function executableOnPath(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    if (directory === "") continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
