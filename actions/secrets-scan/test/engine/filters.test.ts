import { describe, expect, it } from 'vitest';
import { falsePositiveReason } from '../../src/engine/filters.js';
import { scanText } from '../../src/lib.js';
import { fixtureDetector, makeSecrets } from './helpers.js';

const s = makeSecrets(11);

describe('falsePositiveReason', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'vendor-example'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'vendor-example'],
    ['${API_TOKEN}', 'template'],
    ['{{ secrets.token }}', 'template'],
    ['<your-api-key>', 'template'],
    ['%(password)s', 'template'],
    ['your-api-key-here', 'placeholder'],
    ['changeme', 'placeholder'],
    ['xxxxxxxxxxxxxxxxxxxx', 'placeholder'],
    ['dummy-token-value-123', 'placeholder'],
    ['my_example_secret_99', 'placeholder'],
    ['aaaaaaaaaaaaaaaa', 'repeated'],
    ['abcabcabcabcabc', 'repeated'],
    ['pk_live_51HxYzAbCdEfGhIjKlMnOpQr', 'publishable-key'],
    ['pk_test_51HxYzAbCdEfGhIjKlMnOpQr', 'publishable-key'],
    ['process.env.API_TOKEN', 'reference'],
    ['os.environ["SECRET_KEY"]', 'reference'],
    ['core.getInput("token")', 'reference'],
    ['ghp_PersonalAccessToken01245678900000000', 'placeholder'],
    ['bar', 'placeholder'],
  ])('drops %j (%s)', (secret, reason) => {
    expect(
      falsePositiveReason({ secret, match: secret, line: `x = ${secret}`, generic: false }),
    ).toBe(reason);
  });

  it.each([
    ['0f8a3c1d9e2b4f6a7c8d9e0f1a2b3c4d5e6f7a8b', 'token_sha', 'commit-sha'],
    ['123e4567-e89b-12d3-a456-426614174000', 'key', 'uuid'],
    ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'key', 'digest'],
    ['this.config.apiKey', 'key', 'reference'],
    ['PersonalAccessToken000000', 'token', 'placeholder'],
    ['Per5onalAcce55Token0z000000z', 'token', 'repeated'],
    ['base64-encoded-public-key', 'key', 'identifier'],
    ['../dist-src/auth.js', 'auth', 'path'],
    ['callbacks?.authorizeRequest?.bind', 'auth', 'reference'],
    ['X509Certificate', 'exports.X509Certificate', 'reference'],
    ['Admin-Password1!', 'password', 'placeholder'],
    ['NewUserPasswd2024', 'TEST_PASSWORD', 'placeholder'],
  ])('drops %j for generic rules (%s)', (secret, name, reason) => {
    expect(
      falsePositiveReason({ secret, match: secret, line: `${name} = "${secret}"`, generic: true }),
    ).toBe(reason);
  });

  it('keeps 40 hex characters assigned to a token (many API tokens look like that)', () => {
    const hex = '9f2a2b89d9a2841189e144636ece602cb47a3554';
    expect(
      falsePositiveReason({
        secret: hex,
        match: hex,
        line: `auth_token = '${hex}'`,
        generic: true,
      }),
    ).toBeUndefined();
  });

  it('keeps a 40-hex value for a specific rule', () => {
    const hex = '0f8a3c1d9e2b4f6a7c8d9e0f1a2b3c4d5e6f7a8b';
    expect(
      falsePositiveReason({ secret: hex, match: hex, line: hex, generic: false }),
    ).toBeUndefined();
  });

  it('keeps random credentials', () => {
    for (const secret of [s.aws(), s.github(), s.slack(), s.generic()]) {
      expect(
        falsePositiveReason({ secret, match: secret, line: secret, generic: true }),
      ).toBeUndefined();
    }
  });
});

describe('false positives through the engine', () => {
  it.each([
    [
      'a lockfile integrity hash',
      `"integrity": "sha512-${Buffer.from(s.generic().repeat(2)).toString('base64')}",`,
    ],
    [
      'a data URI',
      `logo_key = "data:image/png;base64,${Buffer.from(s.generic() + s.generic()).toString('base64')}"`,
    ],
    ['a commit SHA', `commit_token: 0f8a3c1d9e2b4f6a7c8d9e0f1a2b3c4d5e6f7a8b`],
    ['a UUID', `api_key = "123e4567-e89b-12d3-a456-426614174000"`],
    ['an environment lookup', `const token = process.env.GITHUB_TOKEN_VALUE;`],
    ['an action input', `const token = core.getInput('github-token-value');`],
    ['a Python environ lookup', `SECRET_KEY = os.environ["DJANGO_SECRET_KEY_VALUE"]`],
    ['a template', 'password: "{{ vault_database_password }}"'],
    ['a shell expansion', 'API_TOKEN=${API_TOKEN_FROM_VAULT}'],
    ['the AWS documentation key', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE'],
    [
      'the AWS documentation secret',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ],
    ['a publishable Stripe key', 'stripe_key = "pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv"'],
    ['a placeholder', 'api_key = "your-api-key-goes-here"'],
  ])('stays quiet on %s', (_name, line) => {
    expect(scanText(`${line}\n`, 'config.txt', fixtureDetector())).toEqual([]);
  });
});

describe('local defaults and signed links', () => {
  const jwt = () =>
    ['eyJhbGciOiJIUzI1NiJ9', `eyJ${s.generic()}`, s.generic().slice(0, 43)].join('.');
  const url = (password: string, hosts: string) => `mongodb://dev:${password}@${hosts}/app`;
  const check = (secret: string, line: string) =>
    falsePositiveReason({
      secret,
      match: line.slice(line.indexOf('mongodb')),
      line,
      generic: false,
    });

  it.each([
    ['localhost', 'localhost:27017', 'local-default'],
    ['a loopback address', '127.0.0.1', 'local-default'],
    ['IPv6 loopback and a port', '[::1]:27017', 'local-default'],
    ['several local hosts', 'localhost:27017,127.0.0.1:27018', 'local-default'],
    ['a remote host beside a local one', 'localhost:27017,db-2.internal:27017', undefined],
    ['a remote host', 'db.internal:27017', undefined],
    ['a host named like localhost', 'localhost.attacker.test', undefined],
  ])('a short password for %s', (_name, hosts, reason) => {
    expect(check('T50y1MGi', `MONGO_URL=${url('T50y1MGi', hosts)}`)).toBe(reason);
  });

  it('judges each URL of a line by its own hosts and query', () => {
    const password = 'T50y1MGi';
    const line = `DEV=${url(password, 'localhost')} PROD=${url(password, 'localhost,db.prod.internal')}`;
    const second = line.lastIndexOf(password);
    const input = { secret: password, match: password, line, generic: false };
    expect(falsePositiveReason({ ...input, at: line.indexOf(password) })).toBe('local-default');
    expect(falsePositiveReason({ ...input, at: second })).toBeUndefined();
    for (const query of ['?host=db.prod.internal', '?sslmode=require&hostaddr=203.0.113.7']) {
      const remote = `postgres://app:${password}@localhost/db${query}`;
      expect(falsePositiveReason({ ...input, line: remote, at: remote.indexOf(password) })).toBe(
        undefined,
      );
    }
  });

  it('keeps a long password even for localhost', () => {
    const password = s.generic().slice(0, 20);
    expect(check(password, url(password, 'localhost'))).toBeUndefined();
  });

  it('passes over the token of a private avatar link and keeps the others on its line', () => {
    const [linked, session] = [jwt(), jwt()];
    const line = `<img src="https://private-avatars.githubusercontent.com/u/42?jwt=${linked}&v=4"> <script>const session = "${session}";</script>`;
    const input = { match: linked, line, generic: false };
    expect(falsePositiveReason({ ...input, secret: linked })).toBe('signed-link');
    expect(falsePositiveReason({ ...input, secret: session })).toBeUndefined();
    const escaped = `<img src="https://private-avatars.githubusercontent.com/u/42?v=4&amp;jwt=${linked}">`;
    expect(falsePositiveReason({ ...input, line: escaped, secret: linked })).toBe('signed-link');
  });

  it('keeps random generic values that merely contain the word password', () => {
    const secret = `kP2passwd${s.generic().slice(0, 16)}`;
    expect(
      falsePositiveReason({
        secret,
        match: secret,
        line: `api_secret = "${secret}"`,
        generic: true,
      }),
    ).toBeUndefined();
  });
});
