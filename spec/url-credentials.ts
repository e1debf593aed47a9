// Credentials written into URLs: a password (or, in http(s), any user information: hosts take a
// token as the user name) and token-like query parameters. Found in specs and rendered objects,
// masked in everything slipway prints, and dropped from the URLs it records.
//
// URLs are found by a scan in linear time, not by a pattern: values reach a mebibyte, and a
// pattern for "scheme://userinfo@" backtracks quadratically on text such as "x-x-x-…".

/** Query parameters that carry a credential (GitLab, GitHub, OAuth, S3 and Azure signed URLs, …). */
const TOKEN_PARAMETER = /([?&](?:access_token|private_token|token|api[_-]?key|apikey|password|passwd|secret|client_secret|sig|signature|x-amz-signature|x-amz-security-token)=)([^&\s#"']+)/gi;

/**
 * Not a credential: a value the workload fills in itself at run time (Kubernetes' $(VAR), a shell's
 * ${VAR}, a template's {{ }}), or one already masked ("***").
 */
const REFERENCE = /^(\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\{\{.*\}\}|\*+)$/;

/** Longest scheme looked for before "://". */
const MAX_SCHEME = 32;

/** The user information of a URL in a text: `text.slice(start, end)` is `userInfo@`. */
interface UserInfo {
  /** e.g. "https://" */
  readonly scheme: string;
  readonly userInfo: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Every URL with user information in `text`, in order. The user information runs to the last "@"
 * of the authority (a password may hold "@"); the authority ends at "/", "?", "#" or white space.
 */
function userInfos(text: string): UserInfo[] {
  const found: UserInfo[] = [];
  let from = 0;
  for (let separator = text.indexOf("://", from); separator !== -1; separator = text.indexOf("://", from)) {
    const authority = separator + 3;
    let end = authority;
    let at = -1;
    for (; end < text.length && !isAuthorityEnd(text.charCodeAt(end)); end++) if (text.charCodeAt(end) === 0x40) at = end;
    from = end;
    let start = separator;
    while (start > 0 && separator - start < MAX_SCHEME && isSchemeCharacter(text.charCodeAt(start - 1))) start--;
    while (start < separator && !isLetter(text.charCodeAt(start))) start++;
    if (at === -1 || start === separator) continue;
    found.push({ scheme: text.slice(start, authority), userInfo: text.slice(authority, at), start: authority, end: at + 1 });
  }
  return found;
}

function isAuthorityEnd(code: number): boolean {
  // "/", "?", "#", and white space.
  return code === 0x2f || code === 0x3f || code === 0x23 || code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isSchemeCharacter(code: number): boolean {
  // letters, digits, "+", "-", "."
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e;
}

const isHttp = (scheme: string) => /^https?:\/\/$/i.test(scheme);

/** `text` with each URL's `userInfo@` replaced by what `replace` returns for it. */
function replaceUserInfo(text: string, replace: (info: UserInfo) => string): string {
  let result = "";
  let from = 0;
  for (const info of userInfos(text)) {
    result += text.slice(from, info.start) + replace(info);
    from = info.end;
  }
  return result + text.slice(from);
}

/** What credential `text` carries in a URL ("a password", …), or undefined. */
export function urlCredentialIn(text: string): string | undefined {
  if (!text.includes("://")) return undefined;
  for (const { scheme, userInfo } of userInfos(text)) {
    const colon = userInfo.indexOf(":");
    if (colon !== -1 && colon + 1 < userInfo.length && !REFERENCE.test(userInfo.slice(colon + 1))) return "a password";
    if (colon === -1 && isHttp(scheme) && userInfo !== "" && !REFERENCE.test(userInfo)) return "a user name or token";
  }
  for (const [, parameter, value] of text.matchAll(TOKEN_PARAMETER)) {
    if (!REFERENCE.test(value!)) return `the query parameter ${parameter!.slice(1, -1)}`;
  }
  return undefined;
}

/** `text` with every credential of every URL in it replaced by "***". */
export function maskUrlCredentials(text: string): string {
  if (!text.includes("://")) return text;
  return replaceUserInfo(text, ({ scheme, userInfo }) => {
    const colon = userInfo.indexOf(":");
    if (colon !== -1) return `${userInfo.slice(0, colon)}:***@`;
    return isHttp(scheme) ? "***@" : `${userInfo}@`;
  }).replace(TOKEN_PARAMETER, "$1***");
}

/**
 * The URL without its credentials, for recording it (a commit trailer): the whole user
 * information of an http(s) URL, the password of any other (an SSH user name is part of the
 * address), and token-like query parameters.
 */
export function withoutUrlCredentials(url: string): string {
  return replaceUserInfo(url, ({ scheme, userInfo }) => {
    if (isHttp(scheme)) return "";
    const colon = userInfo.indexOf(":");
    return colon === -1 ? `${userInfo}@` : `${userInfo.slice(0, colon)}@`;
  })
    .replace(TOKEN_PARAMETER, "")
    .replace(/^([^?#]*)&/, "$1?");
}
