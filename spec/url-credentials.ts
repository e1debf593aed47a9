// Credentials written into URLs: a password (or, in http(s), any user information: hosts take a
// token as the user name) and token-like query parameters. Found in specs and rendered objects,
// masked in everything slipway prints, and dropped from the URLs it records.

/** scheme, user information (up to the last "@" before the path: a password may hold "@"), rest. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s?#]*)@/gi;

/** Query parameters that carry a credential (GitLab, GitHub, OAuth, S3 and Azure signed URLs, …). */
const TOKEN_PARAMETER = /([?&](?:access_token|private_token|token|api[_-]?key|apikey|password|passwd|secret|client_secret|sig|signature|x-amz-signature|x-amz-security-token)=)([^&\s#"']+)/gi;

/** A value the workload fills in itself at run time: Kubernetes' $(VAR), a shell's ${VAR}, a template's {{ }}. */
const REFERENCE = /^(\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\{\{.*\}\})$/;

/** What credential `text` carries in a URL ("a password", …), or undefined. */
export function urlCredentialIn(text: string): string | undefined {
  if (!text.includes("://")) return undefined;
  for (const [, scheme, userInfo] of text.matchAll(USER_INFO)) {
    const colon = userInfo!.indexOf(":");
    if (colon !== -1 && !REFERENCE.test(userInfo!.slice(colon + 1)) && colon + 1 < userInfo!.length) return "a password";
    if (colon === -1 && /^https?:\/\/$/i.test(scheme!) && userInfo !== "" && !REFERENCE.test(userInfo!)) return "a user name or token";
  }
  for (const [, parameter, value] of text.matchAll(TOKEN_PARAMETER)) {
    if (!REFERENCE.test(value!)) return `the query parameter ${parameter!.slice(1, -1)}`;
  }
  return undefined;
}

/** `text` with every credential of every URL in it replaced by "***". */
export function maskUrlCredentials(text: string): string {
  if (!text.includes("://")) return text;
  return text
    .replace(USER_INFO, (match, scheme: string, userInfo: string) => {
      const colon = userInfo.indexOf(":");
      if (colon !== -1) return `${scheme}${userInfo.slice(0, colon)}:***@`;
      return /^https?:\/\/$/i.test(scheme) ? `${scheme}***@` : match;
    })
    .replace(TOKEN_PARAMETER, "$1***");
}

/**
 * The URL without its credentials, for recording it (a commit trailer): the whole user
 * information of an http(s) URL, the password of any other (an SSH user name is part of the
 * address), and token-like query parameters.
 */
export function withoutUrlCredentials(url: string): string {
  return url
    .replace(USER_INFO, (match, scheme: string, userInfo: string) => {
      if (/^https?:\/\/$/i.test(scheme)) return scheme;
      const colon = userInfo.indexOf(":");
      return colon === -1 ? match : `${scheme}${userInfo.slice(0, colon)}@`;
    })
    .replace(TOKEN_PARAMETER, "")
    .replace(/^([^?#]*)&/, "$1?");
}
