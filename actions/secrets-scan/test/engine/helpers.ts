import { afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createDetector, type DetectorOptions } from '../../src/engine/detector.js';
import { parseRuleFile } from '../../src/engine/rules.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The small rules file the engine tests use, independent of the shipped rules. */
export const FIXTURE_RULES = join(here, 'fixtures', 'rules.toml');

export function fixtureRules() {
  return parseRuleFile(readFileSync(FIXTURE_RULES, 'utf8'), 'rules.toml', 'native');
}

export function fixtureDetector(options: DetectorOptions = {}) {
  return createDetector(fixtureRules().rules, options);
}

/** A seeded PRNG (mulberry32), so generated secrets are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomFrom(alphabet: string, length: number, rand: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

/** Test credentials made at run time, so that no literal credential sits in the repository. */
export function makeSecrets(seed = 1) {
  const rand = prng(seed);
  return {
    aws: () => 'AKIA' + randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, rand),
    github: () => 'ghp_' + randomFrom(ALNUM, 36, rand),
    slack: () =>
      `xoxb-${randomFrom('0123456789', 12, rand)}-${randomFrom('0123456789', 12, rand)}-${randomFrom(ALNUM, 24, rand)}`,
    generic: () => randomFrom(ALNUM, 32, rand),
    privateKey: () => {
      const body = Array.from({ length: 8 }, () => randomFrom(ALNUM + '+/', 64, rand)).join('\n');
      return `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    },
  };
}

/**
 * Registers cleanup for the calling test file and returns a maker of temporary directories,
 * each removed after the test that made it.
 */
export function useTempDirs(): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  return () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix = 'secrets-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A real git repository in a temporary directory, with commits made by a fixed identity. */
export function gitRepo(dir: string) {
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Ada Tester',
        '-c',
        'user.email=ada@example.test',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_DATE: undefined, GIT_COMMITTER_DATE: undefined },
      },
    ).trim();
  git('init', '-q', '-b', 'main');
  let tick = 0;
  return {
    git,
    /** Writes files (null deletes) and commits them; returns the new commit's sha. */
    commit(files: Record<string, string | Buffer | null>, message: string): string {
      for (const [path, content] of Object.entries(files)) {
        if (content === null) git('rm', '-q', path);
        else {
          writeFiles(dir, { [path]: content });
          git('add', '--', path);
        }
      }
      tick++;
      const date = `2024-01-01T00:${String(tick).padStart(2, '0')}:00Z`;
      execFileSync(
        'git',
        [
          '-c',
          'user.name=Ada Tester',
          '-c',
          'user.email=ada@example.test',
          '-c',
          'commit.gpgsign=false',
          'commit',
          '-q',
          '--allow-empty',
          '-m',
          message,
        ],
        {
          cwd: dir,
          env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        },
      );
      return git('rev-parse', 'HEAD');
    },
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const CLASSES: Record<string, string> = {
  alnum: UPPER + LOWER + DIGIT,
  alnumlower: LOWER + DIGIT,
  alnumupper: UPPER + DIGIT,
  alpha: UPPER + LOWER,
  digit: DIGIT,
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  b32: UPPER + '234567',
  b32lower: LOWER + '234567',
  b64: UPPER + LOWER + DIGIT + '+/',
  b64url: UPPER + LOWER + DIGIT + '-_',
  bech32: 'qpzry9x8gf2tvdw0s3jn54khce6mua7l',
  BECH32: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};

/**
 * Expands the sample templates of the rules file: `{{class:len}}` is `len` random characters
 * of `class`, `{{class:len|prefix}}` the same after `prefix`; `uuid` is a random UUID and `jwt`
 * a JWT whose signature is `len` base64url characters. Other `{{...}}` text is left as written.
 */
export function expandSample(sample: string, rand: () => number): string {
  return sample.replace(
    /\{\{([A-Za-z0-9]+):(\d+)(?:\|([^}]*))?\}\}/g,
    (whole, cls: string, len: string, prefix = '') => {
      const n = Number(len);
      if (cls === 'uuid') {
        const h = (k: number) => randomFrom(CLASSES['hex']!, k, rand);
        return `${prefix}${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(rand() * 4)]}${h(3)}-${h(12)}`;
      }
      if (cls === 'jwt') {
        const b64url = (s: string) => Buffer.from(s).toString('base64url');
        const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
        const payload = b64url(
          JSON.stringify({
            sub: randomFrom(CLASSES['alnum']!, 12, rand),
            iat: 1700000000 + Math.floor(rand() * 1e6),
          }),
        );
        return `${prefix}${header}.${payload}.${randomFrom(CLASSES['b64url']!, n, rand)}`;
      }
      const alphabet = CLASSES[cls];
      if (!alphabet) return whole;
      return prefix + randomFrom(alphabet, n, rand);
    },
  );
}
