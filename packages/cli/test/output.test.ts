import type { Finding, StageResult } from '@devsecops/findings';
import { RULES } from '@devsecops/dependency-gate';
import { describe, expect, it } from 'vitest';
import { renderFindingsTable, renderStageLine, renderVerdict } from '../src/output.js';
import { createProgress } from '../src/progress.js';
import { colorsFor, shouldColor, stripAnsi } from '../src/terminal.js';

function finding(
  severity: Finding['severity'],
  path: string,
  line: number,
  message: string,
): Finding {
  return {
    stage: 'secrets',
    tool: 'devsecops-secrets',
    ruleId: `rule-${severity}`,
    severity,
    title: 'A rule',
    message,
    location: { path, startLine: line },
    fingerprint: `${path}:${line}`,
  };
}

function result(findings: Finding[], passed: boolean): StageResult {
  return {
    stage: 'secrets',
    tool: 't',
    toolVersion: '1',
    findings,
    threshold: 'high',
    passed,
    notes: [],
  };
}

/** A stream that records writes and claims to be (or not to be) a terminal. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = {
    isTTY,
    write: (s: string) => writes.push(s) > 0,
  } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe('shouldColor', () => {
  const tty = fakeStream(true).stream;
  const pipe = fakeStream(false).stream;
  it.each([
    [tty, {}, undefined, true],
    [pipe, {}, undefined, false],
    [tty, { NO_COLOR: '1' }, undefined, false],
    [tty, { NO_COLOR: '' }, undefined, true],
    [pipe, { FORCE_COLOR: '1' }, undefined, true],
    [pipe, { FORCE_COLOR: '0' }, undefined, false],
    [tty, { FORCE_COLOR: 'false' }, undefined, false],
    [tty, {}, false, false],
    [pipe, { FORCE_COLOR: '1' }, false, false],
    [tty, { NO_COLOR: '1', FORCE_COLOR: '1' }, undefined, false],
    [tty, { TERM: 'dumb' }, undefined, false],
  ])('decides case %#', (stream, env, flag, expected) => {
    expect(shouldColor(stream, env as NodeJS.ProcessEnv, flag)).toBe(expected);
  });
});

describe('renderFindingsTable', () => {
  const findings = [
    finding('medium', 'b.ts', 9, 'Second'),
    finding('critical', 'a.ts', 3, 'First | with a pipe and a long message that goes on and on'),
  ];

  it('lists the most severe first, aligned, without colours when they are off', () => {
    const text = renderFindingsTable(findings, { colors: colorsFor(false) });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+LOCATION\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^critical\s+rule-critical\s+a\.ts:3\s+First \| with a pipe/);
    expect(lines[2]).toMatch(/^medium\s+rule-medium\s+b\.ts:9\s+Second$/);
    expect(lines[1]!.indexOf('a.ts')).toBe(lines[2]!.indexOf('b.ts'));
    expect(text).not.toMatch(ANSI);
  });

  it('fits a terminal width and keeps columns aligned when coloured', () => {
    const text = renderFindingsTable(findings, { colors: colorsFor(true), width: 60 });
    expect(text).toMatch(ANSI);
    const lines = text.split('\n').map(stripAnsi);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines[1]).toContain('…');
    expect(lines[1]!.indexOf('a.ts')).toBe(lines[2]!.indexOf('b.ts'));
  });
});

describe('renderVerdict and renderStageLine', () => {
  const c = colorsFor(false);
  it('counts only findings at or above the threshold as blocking', () => {
    const r = result([finding('critical', 'a', 1, 'x'), finding('low', 'b', 2, 'y')], false);
    expect(renderVerdict([r], c)).toBe('✖ Failed: 1 finding at or above the threshold in secrets.');
    expect(renderStageLine(r, c)).toBe(
      'secrets: failed, 2 findings (1 critical, 1 low), fail-on high',
    );
  });

  it('names expired exceptions and malware besides the blocking findings', () => {
    const expired: Finding = {
      ...finding('high', '.github/devsecops.yml', 0, 'expired'),
      stage: 'deps',
      ruleId: RULES.expiredException,
      properties: {
        exception: 'GHSA-aaaa-bbbb-cccc',
        advisory: 'GHSA-aaaa-bbbb-cccc',
        owner: 'web-team',
      },
    };
    const malware: Finding = {
      ...finding('medium', 'package-lock.json', 9, 'malware'),
      stage: 'deps',
      ruleId: 'MAL-2025-1',
      properties: { malware: true, package: 'evil', version: '1.0.0' },
    };
    const deps: StageResult = { ...result([expired, malware], false), stage: 'deps' };
    deps.threshold = 'critical';
    const secrets = result([finding('critical', 'a', 1, 'x')], false);
    expect(renderVerdict([secrets, deps], c)).toBe(
      '✖ Failed: 1 finding at or above the threshold in secrets; expired exception GHSA-aaaa-bbbb-cccc (owner web-team), malware MAL-2025-1 in evil@1.0.0 in deps.',
    );
    const bare: StageResult = { ...result([], false), stage: 'deps' };
    expect(renderVerdict([bare], c)).toBe(
      '✖ Failed: deps did not pass its policy (see its notes).',
    );
  });

  it('says which stages could not run', () => {
    const notRun = [{ stage: 'deps' as const, outcome: 'could not run' as const, reason: 'x' }];
    expect(renderVerdict([result([], true)], c, notRun)).toBe('✖ Incomplete: deps could not run.');
  });

  it('passes when every stage passed', () => {
    expect(renderVerdict([result([], true)], c)).toBe(
      '✔ Passed: nothing at or above the threshold in secrets.',
    );
  });
});

describe('createProgress', () => {
  it('draws nothing on a pipe', () => {
    const { stream, writes } = fakeStream(false);
    const bar = createProgress(stream, { unit: 'files', delayMs: 0 });
    bar.update(5, 10);
    bar.stop();
    expect(writes).toEqual([]);
  });

  it('stays quiet on short work, then draws a bar and clears it', () => {
    const { stream, writes } = fakeStream(true);
    let now = 0;
    const bar = createProgress(stream, { unit: 'files', delayMs: 400, now: () => now });
    now = 100;
    bar.update(1, 10);
    expect(writes).toEqual([]);
    now = 500;
    bar.update(5, 10);
    expect(writes).toEqual(['\r[############------------]  50% 5/10 files\u001b[K']);
    now = 550;
    bar.update(6, 10);
    expect(writes).toHaveLength(1);
    now = 700;
    bar.update(7);
    expect(writes[1]).toBe('\r7 files…\u001b[K');
    bar.stop();
    expect(writes[2]).toBe('\r\u001b[K');
  });
});
