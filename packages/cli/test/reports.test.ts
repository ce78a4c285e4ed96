import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '@devsecops/action-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeReportFile } from '../src/reports.js';
import { tempDir } from './support/run-cli.js';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('writeReportFile', () => {
  it('creates the folder and leaves no temporary file behind', async () => {
    const file = join(dir.path, 'nested/out/report.json');
    await writeReportFile(file, '{"a":1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(join(dir.path, 'nested/out'))).toEqual(['report.json']);
  });

  it('replaces an existing report by renaming a new file over it', async () => {
    const file = join(dir.path, 'report.json');
    writeFileSync(file, 'old report\n');
    const before = statSync(file).ino;
    await writeReportFile(file, 'new report\n');
    // A new inode: a reader that had the old file open keeps reading the whole old report.
    expect(statSync(file).ino).not.toBe(before);
    expect(readFileSync(file, 'utf8')).toBe('new report\n');
    expect(readdirSync(dir.path)).toEqual(['report.json']);
  });

  it('names the file on failure and cleans up its temporary file', async () => {
    const file = join(dir.path, 'taken');
    mkdirSync(join(file, 'inside'), { recursive: true });
    const error = await writeReportFile(file, 'text').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/^Cannot write report ".*taken" \(E[A-Z]+\)/);
    expect(readdirSync(dir.path)).toEqual(['taken']);
  });
});
