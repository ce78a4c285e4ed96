/**
 * False-positive filters: values a careful reviewer would not flag. Each returns a short reason
 * when the value should be dropped, so tests and debug output can say why.
 */

/** Documentation examples published by vendors; they are not credentials. */
const VENDOR_EXAMPLES = [
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'ASIAIOSFODNN7EXAMPLE',
  // The Azure Storage emulator's published account key.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
];

/** Words that mark a value as a placeholder when they make up the value or a large part of it. */
const PLACEHOLDER_WORDS = [
  'example',
  'changeme',
  'change_me',
  'change-me',
  'dummy',
  'placeholder',
  'sample',
  'redacted',
  'notreal',
  'not_real',
  'not-a-real',
  'fake',
  'foobar',
  'insert',
  'replace',
  'todo',
  'xxxx',
  '****',
  '....',
  'secret_here',
  'token_here',
  'key_here',
  'not my real',
  'not a real',
  'abc123',
  '123456',
  'abcdef',
  'qwerty',
];

/** Reasons a candidate secret is not reported. */
export type FilterReason =
  | 'vendor-example'
  | 'placeholder'
  | 'template'
  | 'reference'
  | 'repeated'
  | 'integrity-hash'
  | 'digest'
  | 'commit-sha'
  | 'uuid'
  | 'data-uri'
  | 'publishable-key'
  | 'identifier'
  | 'path'
  | 'local-default'
  | 'signed-link'
  | 'empty';

/** What a filter looks at: the secret, the whole regex match and the line around it. */
export interface FilterInput {
  secret: string;
  match: string;
  line: string;
  /** Where the secret starts in `line`; when absent, its first occurrence there. */
  at?: number;
  /** Generic rules (assignments of anything that looks random) get the stricter filters. */
  generic: boolean;
}

/** Returns why `input` is a false positive, or undefined to keep it. */
export function falsePositiveReason(input: FilterInput): FilterReason | undefined {
  const { secret, line, generic } = input;
  const lower = secret.toLowerCase();

  if (secret.trim().length === 0) return 'empty';
  for (const example of VENDOR_EXAMPLES) if (secret.includes(example)) return 'vendor-example';
  if (/EXAMPLE(KEY)?$/.test(secret)) return 'vendor-example';
  if (/^pk_(live|test)_/.test(secret)) return 'publishable-key';
  if (isTemplate(secret)) return 'template';
  if (isPlaceholder(lower)) return 'placeholder';
  if (isRepeated(secret)) return 'repeated';
  // Documentation tokens padded to length (`ghp_PersonalAccessToken0124...00000000`).
  if (/(.)\1{5,}$/.test(secret)) return 'placeholder';
  if (isReference(secret, input.match, generic)) return 'reference';
  if (isDataUri(line, secret)) return 'data-uri';
  const at = input.at ?? line.indexOf(secret);
  if (isSignedAvatarLink(line, at)) return 'signed-link';
  if (isLocalDefault(secret, line, at)) return 'local-default';
  if (/\b(sha(1|256|384|512)|md5)-[A-Za-z0-9+/]{20,}={0,2}/.test(line) && isBase64Run(secret)) {
    return 'integrity-hash';
  }
  if (generic) {
    // Six equal characters in a row almost never occur in a random credential (though some
    // vendor formats have them, which is why only generic rules drop them).
    if (/(.)\1{5,}/.test(secret)) return 'repeated';
    // Passwords made of words, one of them the word itself, are what tutorials and tests choose
    // (`User-password1!`, `NewUserPasswd2024`); random values that merely contain it are kept.
    if (
      /^[A-Za-z]+(?:[-_. ][A-Za-z]+)*[-_. ]?\d{0,4}[!?.#@$%*]{0,2}$/.test(secret) &&
      (/(?:^|[-_. ])pass(?:word|wd)/i.test(secret) ||
        /[a-z](?:Pass|PASS)(?:word|wd|WORD|WD)/.test(secret))
    )
      return 'placeholder';
    // Names, not values: `StorageSharedKeyCredential`, `base64-encoded-public-key`.
    if (/^[A-Za-z_.-]+$/.test(secret)) return 'identifier';
    if (/^[a-z]+\d*([-_.][a-z]+\d*)+$/.test(secret) || /^[A-Z]+\d*(_[A-Z]+\d*)+$/.test(secret))
      return 'identifier';
    if (/^\.{0,2}\//.test(secret) || (secret.includes('/') && /\.[a-z]{1,5}$/.test(secret)))
      return 'path';
    if (line.includes(`://${secret}`)) return 'path';
    // Code, not a value: optional chaining or a call on what was captured.
    if (secret.includes('?.') || line.includes(`${secret}(`)) return 'reference';
    // A name used twice on its line (`exports.X509Certificate = X509Certificate`) is a variable.
    if (/^[A-Za-z_$][\w$]*$/.test(secret) && line.split(secret).length > 2) return 'reference';
    // A base64 value that decodes to a placeholder sentence.
    if (/^[A-Za-z0-9+/]{12,}={0,2}$/.test(secret)) {
      const decoded = Buffer.from(secret, 'base64').toString('latin1');
      if (/^[\x20-\x7e]+$/.test(decoded) && isPlaceholder(decoded.toLowerCase()))
        return 'placeholder';
    }
    if (
      /^[0-9a-f]{40}$/i.test(secret) &&
      /commit|sha|rev|hash|head|ref\b|digest|checksum|version|integrity/i.test(line)
    ) {
      return 'commit-sha';
    }
    if (/^[0-9a-f]{7,12}$/.test(secret)) return 'commit-sha';
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(secret))
      return 'uuid';
    if (/^(sha(1|256|384|512)|md5)[:=-]/i.test(secret) || /^[0-9a-f]{64}$/i.test(secret))
      return 'digest';
    if (
      /\b(sha(1|256|384|512)|md5|digest|checksum|integrity|hash)\b/i.test(line) &&
      /^[0-9a-f]{32,128}$/i.test(secret)
    ) {
      return 'digest';
    }
    if (/^(sha(1|256|384|512)|md5)-/.test(secret)) return 'integrity-hash';
  }
  return undefined;
}

/** `${VAR}`, `{{ var }}`, `<your-token>`, `%(name)s`, `$VAR`, `#{...}`. */
function isTemplate(secret: string): boolean {
  return (
    /\$\{[^}]*\}?|\{\{[^}]*\}?\}?|\{%|<[A-Za-z_][\w .-]*>?|%\([\w.]+\)s|#\{[^}]*\}/.test(secret) ||
    /^\$[A-Z_][A-Z0-9_]*$/.test(secret) ||
    /^<.*>$/.test(secret) ||
    /^%[A-Z_]+%$/.test(secret)
  );
}

function isPlaceholder(lower: string): boolean {
  if (
    /^(your|my|insert|enter|put|add)[-_ ]?(own[-_ ]?)?[a-z_-]*(key|token|secret|password|pass|pwd|here|value|id)/.test(
      lower,
    )
  ) {
    return true;
  }
  if (/^(x+|\*+|\.+|-+|_+|#+|0+)$/.test(lower)) return true;
  for (const word of PLACEHOLDER_WORDS) if (lower.includes(word)) return true;
  return /^(password|secret|token|apikey|api_key|pass|passwd|pwd|null|none|undefined|true|false|test|testing|foo|bar|baz|qux|admin|root|user|guest|demo)\d*$/.test(
    lower,
  );
}

/** Long runs of one character or of a short cycle (`abcabcabc`, `1234567890`). */
function isRepeated(secret: string): boolean {
  if (secret.length < 6) return false;
  if (/(.)\1{5,}/.test(secret) && new Set(secret).size <= 3) return true;
  if (/^(.{1,4})\1{3,}/.test(secret) && new Set(secret).size <= 4) return true;
  return /^(0123456789|1234567890|abcdefghij|qwertyuiop)/i.test(secret);
}

/** Code that reads a secret instead of holding one. */
function isReference(secret: string, match: string, generic: boolean): boolean {
  return (
    /\b(process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|System\.getenv|ENV\[|secrets\.|vars\.|env\.|core\.getInput|getInput|config\.get|settings\.)/.test(
      secret,
    ) ||
    (/\b(process\.env|os\.environ|os\.getenv|core\.getInput|System\.getenv)/.test(match) &&
      !/["'`][^"'`]{8,}["'`]/.test(match.replace(/\((["'])[\w-]+\1\)/g, ''))) ||
    (generic && /^[A-Za-z_$][\w$]{0,40}(\.[A-Za-z_$][\w$]{0,40})+(\(.*\))?$/.test(secret))
  );
}

function isDataUri(line: string, secret: string): boolean {
  const at = line.indexOf(secret);
  if (at < 0) return false;
  const before = line.slice(Math.max(0, at - 200), at);
  return /data:[\w.+/-]*(;[\w=.-]+)*;base64,[A-Za-z0-9+/=]*$/.test(before);
}

/**
 * A token that GitHub signs into a private avatar or image link
 * (`private-avatars.githubusercontent.com/u/1?jwt=`): it expires minutes after the page was
 * rendered and is pasted along with the link.
 */
function isSignedAvatarLink(line: string, at: number): boolean {
  if (at < 0) return false;
  const before = line.slice(Math.max(0, at - 300), at);
  return /\/\/private-(?:avatars|user-images)\.githubusercontent\.com\/[^\s"'<>?]*\?(?:[^\s"'<>]*&(?:amp;)?)?jwt=$/.test(
    before,
  );
}

/** Hosts of this machine: a short password for them is a development default. */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/**
 * A short password in a URL whose every host is this machine
 * (`mongodb://dev:psw@localhost:27017`): the default of a local database, not a leak. Query
 * parameters that name another host (libpq's `host=`, `hostaddr=`) make it remote.
 */
function isLocalDefault(secret: string, line: string, at: number): boolean {
  if (secret.length >= 12 || at < 0) return false;
  // `scheme://user:` before the secret and `@` right after it: the URL's password.
  if (!/[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:$/i.test(line.slice(Math.max(0, at - 100), at)))
    return false;
  const rest = line.slice(at + secret.length);
  if (!rest.startsWith('@')) return false;
  const authority = /^@([^/?#\s"'`<>]*)/.exec(rest)![1]!;
  const hosts = authority.split(',').map((h) => h.replace(/:\d*$/, ''));
  const query = /^[^?#\s"'`<>]*\?([^#\s"'`<>]*)/.exec(rest.slice(1))?.[1] ?? '';
  if (/(?:^|&)(?:host|hostaddr)=/i.test(query)) return false;
  return hosts.every((h) => LOOPBACK.test(h));
}

function isBase64Run(secret: string): boolean {
  return /^[A-Za-z0-9+/=-]+$/.test(secret);
}

export { VENDOR_EXAMPLES };
