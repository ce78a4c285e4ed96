import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError, loadPolicy, parsePolicySection } from '../src/index.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'policy-'));
  await mkdir(join(dir, '.github'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadPolicy', () => {
  it('returns an empty policy when the default file is absent', async () => {
    expect(await loadPolicy(undefined, dir)).toEqual({ files: [], data: {} });
  });

  it('fails on an explicit file that does not exist', async () => {
    await expect(loadPolicy('nope.yml', dir)).rejects.toThrow(ConfigurationError);
    await expect(loadPolicy('nope.yml', dir)).rejects.toThrow(/Cannot read policy file "nope.yml"/);
  });

  it('merges what a file extends, the extending file winning key by key', async () => {
    await writeFile(
      join(dir, 'org.yml'),
      'deps:\n  fail-on: critical\n  scopes: [runtime]\nsecrets:\n  fail-on: low\n',
    );
    await writeFile(
      join(dir, '.github/devsecops.yml'),
      'extends: ../org.yml\ndeps:\n  fail-on: high\n',
    );
    const doc = await loadPolicy(undefined, dir);
    expect(doc.files).toHaveLength(2);
    expect(doc.data).toEqual({
      deps: { 'fail-on': 'high', scopes: ['runtime'] },
      secrets: { 'fail-on': 'low' },
    });
  });

  it('names the line of invalid YAML', async () => {
    await writeFile(join(dir, '.github/devsecops.yml'), 'deps:\n  fail-on: [high\n');
    await expect(loadPolicy(undefined, dir)).rejects.toThrow(/is not valid YAML \(line \d\)/);
  });

  it.each(['depz', 'sast'])('rejects the unknown section %s', async (section) => {
    await writeFile(join(dir, '.github/devsecops.yml'), `${section}:\n  fail-on: high\n`);
    await expect(loadPolicy(undefined, dir)).rejects.toThrow(
      new RegExp(`unknown section "${section}"; the sections are secrets, deps`),
    );
  });

  it('rejects a cycle of extends', async () => {
    await writeFile(join(dir, 'a.yml'), 'extends: b.yml\n');
    await writeFile(join(dir, 'b.yml'), 'extends: a.yml\n');
    await expect(loadPolicy('a.yml', dir)).rejects.toThrow(/cycle/);
  });
});

describe('parsePolicySection', () => {
  const Schema = z.strictObject({
    'fail-on': z.enum(['critical', 'high']).default('high'),
    exceptions: z.array(z.strictObject({ id: z.string(), expires: z.iso.date() })).default([]),
  });

  it('applies defaults to a missing section', () => {
    expect(parsePolicySection({ files: [], data: {} }, 'deps', Schema)).toEqual({
      'fail-on': 'high',
      exceptions: [],
    });
  });

  it('lists every problem with the path users type', () => {
    const doc = {
      files: ['/r/.github/devsecops.yml'],
      data: {
        deps: { 'fail-on': 'bogus', exceptions: [{ id: 'GHSA-1', expires: 'soon' }], extra: 1 },
      },
    };
    let message = '';
    try {
      parsePolicySection(doc, 'deps', Schema);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      message = (error as Error).message;
    }
    expect(message).toContain('deps.fail-on');
    expect(message).toContain('deps.exceptions[0].expires');
    expect(message).toContain('extra');
    expect(message.split('\n')).toHaveLength(1);
  });
});
