// Render a config in memory, the way `slipway synth` does before it writes.
import { execFileSync } from "node:child_process";
import { renderEnvironment } from "../../cli/render.js";
import { loadEnvironments } from "../../spec/index.js";
import { SchemaCatalog } from "../../validate/schema.js";

export async function renderConfig(config: string): Promise<Map<string, ReadonlyMap<string, string>>> {
  const environments = await loadEnvironments(config);
  const schemas = SchemaCatalog.load();
  return new Map(environments.map((environment) => [environment.name, renderEnvironment(environment, schemas).files!]));
}

/** Whether an external tool is on PATH. CI (SLIPWAY_REQUIRE_TOOLS=1) treats a missing one as a failure. */
export function toolAvailable(command: string, versionArgs: string[]): boolean {
  try {
    execFileSync(command, versionArgs, { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.SLIPWAY_REQUIRE_TOOLS === "1") throw new Error(`${command} is required (SLIPWAY_REQUIRE_TOOLS=1) but not found on PATH`);
    console.warn(`skipping: ${command} not found on PATH`);
    return false;
  }
}
