import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ConfigurationError } from '@devsecops/action-kit';
import { loadGitleaksConfig } from '../../src/engine/config.js';
import { createDetector } from '../../src/engine/detector.js';
import { parseGitleaksIgnore } from '../../src/ignore-file.js';
import { runSecretsScan, scanText } from '../../src/lib.js';
import { createMemoryLogger } from '@devsecops/action-kit';
import { FIXTURE_RULES, fixtureRules, makeSecrets, tempDir, writeFiles } from './helpers.js';

const s = makeSecrets(23);
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function dir(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return t.dir;
}

/** A configuration shaped like the ones teams keep next to their code. */
const REALISTIC = `
title = "Team config"

[extend]
useDefault = true
disabledRules = ["slack-bot-token"]

[[rules]]
id = "internal-service-token"
description = "Internal service token"
regex = '''(?i)\\b(isvc_[a-z0-9]{24})\\b'''
keywords = ["isvc_"]
entropy = 3.0

  [[rules.allowlists]]
  description = "Tokens of the staging tenant are public"
  regexTarget = "line"
  regexes = ['''tenant=staging''']

[[rules]]
id = "aws-access-key-id"
  [rules.allowlist]
  paths = ['''(^|/)docs/''']

[[allowlists]]
description = "Test fixtures"
paths = ['''^test/fixtures/''']

[[allowlists]]
description = "Known rotated keys in one old commit"
commits = ["0123456789abcdef0123456789abcdef01234567"]

[[allowlists]]
description = "Sample values in samples/ only when they say demo"
condition = "AND"
paths = ['''^samples/''']
stopwords = ["demo"]

[[allowlists]]
description = "Match-level allow"
regexTarget = "match"
regexes = ['''^fixture_token''']
targetRules = ["generic-api-key"]
`;

describe('loadGitleaksConfig', () => {
  it('extends the built-in rules, disables some, merges a rule and adds allowlists', async () => {
    const root = dir();
    writeFiles(root, { '.gitleaks.toml': REALISTIC });
    const set = await loadGitleaksConfig('.gitleaks.toml', root, () => fixtureRules());
    const ids = set.rules.map((r) => r.id);
    expect(ids).toContain('github-pat');
    expect(ids).toContain('internal-service-token');
    expect(ids).not.toContain('slack-bot-token');
    const aws = set.rules.find((r) => r.id === 'aws-access-key-id')!;
    expect(aws.severity).toBe('critical');
    expect(aws.pattern).toBeDefined();
    expect(aws.allowlists).toHaveLength(1);
    expect(set.rules.find((r) => r.id === 'internal-service-token')!.pattern!.engine).toBe('re2');
    expect(set.allowlists).toHaveLength(4);
  });

  it('applies every allowlist kind', async () => {
    const root = dir();
    writeFiles(root, { '.gitleaks.toml': REALISTIC });
    const set = await loadGitleaksConfig('.gitleaks.toml', root, () => fixtureRules());
    const d = createDetector(set.rules, { allowlists: set.allowlists });
    const isvc = `isvc_${s.generic().toLowerCase().slice(0, 24)}`;
    const aws = s.aws();

    expect(scanText(`t = ${isvc}\n`, 'app.cfg', d).map((f) => f.ruleId)).toEqual([
      'internal-service-token',
    ]);
    expect(scanText(`t = ${isvc} tenant=staging\n`, 'app.cfg', d)).toEqual([]);
    expect(scanText(`id = ${aws}\n`, 'docs/setup.md', d)).toEqual([]);
    expect(scanText(`id = ${aws}\n`, 'src/setup.ts', d)).toHaveLength(1);
    expect(scanText(`id = ${aws}\n`, 'test/fixtures/aws.txt', d)).toEqual([]);
    expect(
      d.scan({
        path: 'a',
        text: `id = ${aws}\n`,
        commit: {
          sha: '0123456789abcdef0123456789abcdef01234567',
          author: '',
          email: '',
          date: '',
          message: '',
        },
      }),
    ).toEqual([]);
    // AND: both the path and a stopword are needed.
    const slackLike = `api_secret = "demo${s.generic()}"`;
    expect(scanText(`${slackLike}\n`, 'samples/a.env', d)).toEqual([]);
    expect(scanText(`${slackLike}\n`, 'src/a.env', d)).toHaveLength(1);
    expect(scanText(`api_secret = "${s.generic()}"\n`, 'samples/a.env', d)).toHaveLength(1);
    // regexTarget = match, limited to one rule.
    expect(scanText(`fixture_token = "${s.generic()}"\n`, 'src/a.env', d)).toEqual([]);
  });

  it('replaces the built-in rules when there is no [extend]', async () => {
    const root = dir();
    writeFiles(root, { 'g.toml': `[[rules]]\nid = "only"\nregex = '''only_[0-9]{8}'''\n` });
    const set = await loadGitleaksConfig('g.toml', root, () => fixtureRules());
    expect(set.rules.map((r) => r.id)).toEqual(['only']);
  });

  it('extends another file by path', async () => {
    const root = dir();
    writeFiles(root, {
      'base.toml': `[[rules]]\nid = "base-rule"\nregex = '''base_[0-9]{8}'''\n`,
      'child.toml': `[extend]\npath = "base.toml"\n[[rules]]\nid = "child-rule"\nregex = '''child_[0-9]{8}'''\n`,
    });
    const set = await loadGitleaksConfig('child.toml', root, () => fixtureRules());
    expect(set.rules.map((r) => r.id).sort()).toEqual(['base-rule', 'child-rule']);
  });

  it.each([
    [
      `[[rules]]\nid = "bad-one"\nregex = '''(?<=x)y'''\n`,
      /rule "bad-one" regex is not a valid RE2 regular expression/,
    ],
    [`[[rules]]\nid = "broken"\nregex = '''a(b'''\n`, /rule "broken" regex/],
    [`[[rules]]\nregex = '''x'''\n`, /has no "id"/],
    [
      `[[rules]]\nid = "x"\nregex = 'a'\n[[rules.allowlists]]\ncondition = "XOR"\n`,
      /condition must be "OR" or "AND"/,
    ],
    [`[[rules]\nid = "x"`, /not valid TOML/],
  ])('rejects a bad config with one clear line (%#)', async (text, message) => {
    const root = dir();
    writeFiles(root, { 'g.toml': text });
    const error = await loadGitleaksConfig('g.toml', root, () => fixtureRules()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('names a config outside the scanned folder by its full path', async () => {
    const root = dir();
    writeFiles(root, { 'shared/g.toml': '[[rules]\n', 'project/a.txt': 'x\n' });
    const file = join(root, 'shared', 'g.toml');
    const error = await loadGitleaksConfig(file, join(root, 'project')).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`"${file}"`);
    expect((error as Error).message).not.toContain('..');
  });
});

describe('.gitleaksignore', () => {
  it('parses file and commit fingerprints', () => {
    expect(
      parseGitleaksIgnore(
        '# comment\nsrc/a.ts:github-pat:4\n0123456789abcdef0123456789abcdef01234567:config/x.yml:aws-access-key-id:12\n\nbad\n',
      ),
    ).toEqual([
      { commit: undefined, path: 'src/a.ts', ruleId: 'github-pat', line: 4 },
      {
        commit: '0123456789abcdef0123456789abcdef01234567',
        path: 'config/x.yml',
        ruleId: 'aws-access-key-id',
        line: 12,
      },
    ]);
  });

  it('drops the findings it names in a scan', async () => {
    const root = dir();
    const a = s.github();
    const b = s.github();
    writeFiles(root, {
      'src/a.ts': `\n\n\nconst t = "${a}";\n`,
      'src/b.ts': `const t = "${b}";\n`,
      '.gitleaksignore': 'src/a.ts:github-pat:4\n',
    });
    const logger = createMemoryLogger();
    const result = await runSecretsScan(
      { target: { kind: 'dir', root }, cwd: root, rulesPath: FIXTURE_RULES },
      logger,
    );
    expect(result.findings.map((f) => f.location.path)).toEqual(['src/b.ts']);
    expect(result.stats?.['gitleaksIgnored']).toBe(1);
    expect(join(root)).toBe(root);
  });

  it('uses .gitleaks.toml at the repository root when present', async () => {
    const root = dir();
    writeFiles(root, {
      '.gitleaks.toml': `[[rules]]\nid = "team-rule"\nregex = '''team_[0-9]{10}'''\nkeywords = ["team_"]\nseverity = "low"\n`,
      'a.txt': `x = team_9081726354 and ${s.github()}\n`,
    });
    const logger = createMemoryLogger();
    const result = await runSecretsScan(
      { target: { kind: 'dir', root }, cwd: root, rulesPath: FIXTURE_RULES },
      logger,
    );
    expect(result.findings.map((f) => f.ruleId)).toEqual(['team-rule']);
    expect(result.notes[0]).toContain('gitleaks config .gitleaks.toml only');
    expect(logger.lines.join('\n')).toMatch(
      /warning: .*built-in rules do not run because it does not set \[extend\] useDefault = true/,
    );
  });

  it('says it runs the built-in rules too when the config extends them', async () => {
    const root = dir();
    writeFiles(root, {
      '.gitleaks.toml': `[extend]\nuseDefault = true\n[[rules]]\nid = "team-rule"\nregex = '''team_[0-9]{10}'''\nkeywords = ["team_"]\n`,
      'a.txt': `x = team_9081726354 and ${s.github()}\n`,
    });
    const logger = createMemoryLogger();
    const result = await runSecretsScan(
      { target: { kind: 'dir', root }, cwd: root, rulesPath: FIXTURE_RULES },
      logger,
    );
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['github-pat', 'team-rule']);
    expect(result.notes[0]).toContain('with the built-in rules');
    expect(logger.lines.join('\n')).not.toMatch(/^warning:/m);
  });
});
