// Recognises values that are secrets written out in the clear: by their shape (private keys, JWTs,
// Vault, AWS, GitHub and Slack tokens, credentials inside URLs, "password=..." pairs) or by a
// variable name that says secret. Used to keep secret values out of specs and rendered output.

/**
 * Each pattern, what it finds, and optionally text every match contains: looked for first, as a
 * plain search is many times faster than a pattern that may start at any letter (dashboards and
 * rule files are tens of kilobytes of text).
 */
const VALUE_PATTERNS: readonly (readonly [pattern: RegExp, what: string, contains?: string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, "a JSON Web Token"],
  [/\bhv[sbr]\.[A-Za-z0-9_-]{20,}/, "a Vault token"],
  [/^s\.[A-Za-z0-9]{24}$/, "a Vault token"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, "a GitHub token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, "a URL with a password in it", "://"],
  [/\b(password|passwd|pwd|secret|token|api[_-]?key)\s*[=:]\s*[^\s&;,]{6,}/i, 'a "password=…" style credential'],
];

/** Variable names that hold secrets: ...PASSWORD, ...SECRET, ...TOKEN, ...API_KEY, ... */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

/** Why `value` (named `name`) looks like a secret written in the clear, or undefined. */
export function secretLiteralReason(name: string, value: string): string | undefined {
  for (const [pattern, what, contains] of VALUE_PATTERNS) {
    if ((contains === undefined || value.includes(contains)) && pattern.test(value)) return `its value looks like ${what}`;
  }
  if (SECRET_NAME.test(name) && value.trim() !== "") return `${name} names a secret and has a literal value`;
  return undefined;
}
