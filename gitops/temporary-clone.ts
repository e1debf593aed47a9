// The temporary directories publish clones the output repository into. Each is removed when its
// attempt ends, on every path out (an error, SIGINT, SIGTERM or SIGHUP). A run killed outright
// (SIGKILL, a power cut) cannot clean up: the next publish removes clones whose process is gone.
import { readdirSync, rmSync, statSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "slipway-publish-";
/** slipway-publish-<pid>-<random>: the pid tells whether its run is still alive. */
const NAMED = /^slipway-publish-(\d+)-[A-Za-z0-9]{6}$/;
/** Before clones carried their pid: removed once an hour old (no publish takes that long). */
const UNNAMED = /^slipway-publish-[A-Za-z0-9]{6}$/;
const UNNAMED_STALE_MS = 60 * 60 * 1000;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const live = new Set<string>();

function removeLive(): void {
  for (const directory of live) rmSync(directory, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  for (const each of SIGNALS) process.removeListener(each, onSignal);
  // Die of the signal, as the process would have without this handler.
  process.kill(process.pid, signal);
}

/** A new, empty clone directory, removed by the returned function (and on a signal until then). */
export async function temporaryClone(): Promise<{ directory: string; remove: () => void }> {
  const directory = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
  if (live.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  live.add(directory);
  const remove = () => {
    rmSync(directory, { recursive: true, force: true });
    live.delete(directory);
    if (live.size === 0) for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  return { directory, remove };
}

/** Removes clones left by publish runs that were killed; returns how many. */
export function removeStaleClones(root = tmpdir(), now = Date.now()): number {
  let removed = 0;
  for (const name of readdirSync(root).filter((entry) => entry.startsWith(PREFIX))) {
    const path = join(root, name);
    const pid = NAMED.exec(name)?.[1];
    const stale = pid !== undefined ? !isAlive(Number(pid)) : UNNAMED.test(name) && now - modifiedAt(path) > UNNAMED_STALE_MS;
    if (!stale) continue;
    rmSync(path, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
