import { afterEach, describe, expect, it, vi } from 'vitest';
import { readInputs } from '../../src/main.js';

/** Sets inputs as the runner does: INPUT_ + the upper-cased name, dashes kept. */
function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs))
    vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readInputs', () => {
  it('reads every input', () => {
    setInputs({
      path: 'services/api',
      mode: 'range',
      range: 'origin/main..HEAD',
      config: '.github/devsecops.yml',
      'gitleaks-config': '.gitleaks.toml',
      baseline: '.secrets-baseline.json',
      'fail-on': 'High',
      'warn-only': 'true',
      'sarif-file': 'out/secrets.sarif',
      'comment-on-pr': 'always',
      token: 'ghs_x',
    });
    expect(readInputs()).toEqual({
      path: 'services/api',
      mode: 'range',
      range: 'origin/main..HEAD',
      config: '.github/devsecops.yml',
      gitleaksConfig: '.gitleaks.toml',
      baseline: '.secrets-baseline.json',
      failOn: 'high',
      warnOnly: true,
      sarifFile: 'out/secrets.sarif',
      commentOnPr: 'always',
      token: 'ghs_x',
    });
  });

  it('leaves fail-on unset so that the policy file can set it', () => {
    setInputs({ 'fail-on': '' });
    expect(readInputs()).toMatchObject({
      path: '.',
      mode: 'auto',
      failOn: undefined,
      warnOnly: false,
    });
  });

  it.each([
    [
      'fail-on',
      'bogus',
      'Input "fail-on" must be one of critical, high, medium, low, info; got "bogus".',
    ],
    [
      'mode',
      'commits',
      'Input "mode" must be one of auto, dir, staged, range, history; got "commits".',
    ],
    ['warn-only', 'yes', 'Input "warn-only" must be true or false, not "yes".'],
    [
      'comment-on-pr',
      'sometimes',
      'Input "comment-on-pr" must be always, on-failure or never; got "sometimes".',
    ],
  ])('names the input when %s is %s', (name, value, message) => {
    setInputs({ [name]: value });
    expect(() => readInputs()).toThrow(message);
  });
});
