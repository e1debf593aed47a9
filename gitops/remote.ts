// The output repository as git is told it, as messages show it, and its credentials. Credentials
// written into an http(s) URL (https://user:${TOKEN}@host/…, as CI systems hand them out) are taken out
// of the URL and passed to git in its environment, as an Authorization header scoped to the host:
// they never reach the clone's .git/config, a log line or an error message.
import { isAbsolute, resolve } from "node:path";
import { maskUrlCredentials, withoutUrlCredentials } from "../spec/url-credentials.js";

export interface Remote {
  /** What git is given as origin: a path, or the URL without credentials. */
  readonly url: string;
  /** What messages show: the URL with every credential masked. */
  readonly display: string;
  /** Variables added to git's environment (the credentials, if any). */
  readonly env: Readonly<Record<string, string>>;
}

export function remoteOf(repo: string, environment: NodeJS.ProcessEnv = process.env): Remote {
  const display = maskUrlCredentials(repo);
  if (isLocalPath(repo)) return { url: resolve(repo), display, env: {} };
  const url = withoutUrlCredentials(repo);
  const parsed = /^https?:\/\//i.test(repo) ? parseUrl(repo) : undefined;
  if (parsed === undefined || (parsed.username === "" && parsed.password === "")) return { url, display, env: {} };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  return { url, display, env: gitConfigEnvironment(environment, `http.${parsed.origin}/.extraHeader`, `Authorization: Basic ${Buffer.from(credentials).toString("base64")}`) };
}

/**
 * A git setting passed through GIT_CONFIG_COUNT/KEY/VALUE (git 2.31 and later): in effect for
 * every git command given this environment, written to no file. Settings already passed this way
 * are kept.
 */
function gitConfigEnvironment(environment: NodeJS.ProcessEnv, key: string, value: string): Record<string, string> {
  const count = Number.parseInt(environment.GIT_CONFIG_COUNT ?? "0", 10) || 0;
  return { GIT_CONFIG_COUNT: String(count + 1), [`GIT_CONFIG_KEY_${count}`]: key, [`GIT_CONFIG_VALUE_${count}`]: value };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A path, not a URL: no scheme and not scp-like `host:path`. */
function isLocalPath(repo: string): boolean {
  return isAbsolute(repo) || !(/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^/]+:/.test(repo) || /^[^/:]+:/.test(repo));
}
