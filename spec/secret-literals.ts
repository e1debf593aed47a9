// Recognises values that are secrets written out in the clear: by their shape (private keys, JWTs,
// provider tokens, credentials inside URLs, "password=..." pairs) or by a variable name that says
// secret. Used to keep secret values out of specs and rendered output.
import { urlCredentialIn } from "./url-credentials.js";

/**
 * Each token shape, what it is, and optionally text every match contains: looked for first, as a
 * plain search is many times faster than a pattern that may start at any letter (dashboards and
 * rule files are tens of kilobytes of text). Every pattern runs in time linear in the text (values
 * reach a mebibyte): none backtracks over a run it may start inside of.
 */
const TOKEN_PATTERNS: readonly (readonly [pattern: RegExp, what: string, contains?: string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key", "PRIVATE KEY"],
  // Starts only where a run of token characters starts: a run is then scanned once, not once per "eyJ" in it.
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, "a JSON Web Token", "eyJ"],
  [/\bhv[sbr]\.[A-Za-z0-9_-]{20,}/, "a Vault token", "hv"],
  [/^s\.[A-Za-z0-9]{24}$/, "a Vault token", "s."],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}/, "a GitHub token", "gh"],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/, "a GitHub token", "github_pat_"],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, "a GitLab token", "glpat-"],
  [/\bxox[abeoprs]-[A-Za-z0-9-]{10,}/, "a Slack token", "xox"],
  [/\bxapp-[0-9]-[A-Za-z0-9-]{10,}/, "a Slack token", "xapp-"],
  [/\b[rs]k_(live|test)_[A-Za-z0-9]{10,}/, "a Stripe secret key", "k_"],
  [/\bsk-(proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/, "an OpenAI API key", "sk-"],
  [/\bsk-ant-[a-z0-9]+-[A-Za-z0-9_-]{20,}/, "an Anthropic API key", "sk-ant-"],
  [/\bAIza[0-9A-Za-z_-]{35}/, "a Google API key", "AIza"],
  [/\bnpm_[A-Za-z0-9]{36}\b/, "an npm token", "npm_"],
  [/\b(password|passwd|pwd|secret|token|api[_-]?key)\s*[=:]\s*(?!\$\(|\$\{|\{\{)[^\s&;,]{6,}/i, 'a "password=…" style credential'],
];

/** Variable names that hold secrets: ...PASSWORD, ..._PASS, ...SECRET, ...TOKEN, ...API_KEY, ... */
const SECRET_NAME = /((^|[_.-])(PASS|PWD)|PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

/** ...or that start with one (SECRET_KEY_BASE, TOKEN_SIGNING_KEY), unless they end by naming a setting about it (SECRET_NAME, TOKEN_TTL_SECONDS). */
const SECRET_PREFIX = /^(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY)[_.-]/i;
const SETTING_SUFFIX = /[_.-](NAME|NAMES|FILE|PATH|DIR|REF|TTL|SECONDS|MINUTES|HOURS|DAYS|NAMESPACE|URL|URI|ENDPOINT|HOST|PORT|ENABLED|VERSION|TYPE|LENGTH|MOUNT|HEADER|POLICY)$/i;

/** No shape above matches fewer characters ("pwd=" and six more). */
const SHORTEST_SHAPE = 10;

/** Text every shape above contains: one scan of a value rules out most values (labels, alert text) at once. */
const ANY_SHAPE = /PRIVATE KEY|eyJ|hv[sbr]\.|^s\.|AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox|xapp-|k_live_|k_test_|sk-|AIza|npm_|passw|pwd|secret|token|api[_-]?key/i;

/** What known secret shape `value` has (a private key, a provider's token, …), or undefined. */
export function secretShapeIn(value: string): string | undefined {
  if (value.length < SHORTEST_SHAPE || !ANY_SHAPE.test(value)) return undefined;
  for (const [pattern, what, contains] of TOKEN_PATTERNS) {
    if ((contains === undefined || value.includes(contains)) && pattern.test(value)) return what;
  }
  return undefined;
}

/** Why `value` (named `name`) looks like a secret written in the clear, or undefined. */
export function secretLiteralReason(name: string, value: string): string | undefined {
  const shape = secretShapeIn(value);
  if (shape !== undefined) return `its value looks like ${shape}`;
  const credential = urlCredentialIn(value);
  if (credential !== undefined) return `its value looks like a URL with ${credential} in it`;
  if ((SECRET_NAME.test(name) || (SECRET_PREFIX.test(name) && !SETTING_SUFFIX.test(name))) && value.trim() !== "") return `${name} names a secret and has a literal value`;
  return undefined;
}
