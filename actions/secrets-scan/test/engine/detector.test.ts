import { describe, expect, it } from 'vitest';
import { createDetector, encodedForms } from '../../src/engine/detector.js';
import { shannonEntropy } from '../../src/engine/entropy.js';
import { compileNative, type Pattern } from '../../src/engine/pattern.js';
import type { Rule } from '../../src/engine/rules.js';
import { scanText } from '../../src/lib.js';
import { fixtureDetector, makeSecrets } from './helpers.js';

const s = makeSecrets(7);

function countingRule(
  id: string,
  regex: string,
  keywords: string[],
): { rule: Rule; calls: () => number } {
  const inner = compileNative(regex);
  let calls = 0;
  const pattern: Pattern = {
    source: inner.source,
    engine: inner.engine,
    matchAll: (text) => {
      calls++;
      return inner.matchAll(text);
    },
    test: (text) => inner.test(text),
  };
  const rule: Rule = {
    id,
    title: id,
    severity: 'high',
    pattern,
    keywords,
    allowlists: [],
    tags: [],
    generic: false,
    multiline: false,
  };
  return { rule, calls: () => calls };
}

describe('keyword prefilter', () => {
  it('runs a rule only on text holding one of its keywords', () => {
    const { rule, calls } = countingRule('token-rule', 'tok_[a-z0-9]{20}', ['tok_']);
    const detector = createDetector([rule]);
    expect(scanText('nothing to see here\n'.repeat(100), 'a.txt', detector)).toEqual([]);
    expect(calls()).toBe(0);
    const found = scanText(`x\ny = "TOK_abc" tok_q8w7e6r5t4y3u2i1o9p0\n`, 'a.txt', detector);
    expect(found).toHaveLength(1);
    expect(calls()).toBe(1);
  });

  it('matches keywords case-insensitively but runs the rule only on the hit line', () => {
    const { rule, calls } = countingRule('token-rule', 'tok_[a-z0-9]{20}', ['tok_']);
    const detector = createDetector([rule]);
    const text = `a\nTOK_ mentioned\nb\nc\n`;
    scanText(text, 'a.txt', detector);
    expect(calls()).toBe(1);
  });

  it('runs a rule with a non-ASCII keyword everywhere rather than never', () => {
    const { rule } = countingRule('umlaut', 'schlüssel=([0-9]{8})', ['schlüssel']);
    expect(scanText('x\nschlüssel=91827364\n', 'a.txt', createDetector([rule]))).toHaveLength(1);
  });

  it('runs rules without keywords everywhere', () => {
    const { rule, calls } = countingRule('anywhere', 'zz[0-9]{6}', []);
    const found = scanText('a\nb zz918273\n', 'a.txt', createDetector([rule]));
    expect(found.map((f) => f.line)).toEqual([2]);
    expect(calls()).toBe(1);
  });
});

describe('shannonEntropy', () => {
  it.each([
    ['', 0],
    ['aaaa', 0],
    ['abab', 1],
    ['abcd', 2],
    ['0123456789abcdef', 4],
  ])('%j has %d bits per character', (value, bits) => {
    expect(shannonEntropy(value)).toBeCloseTo(bits, 5);
  });

  it('drops a generic match below the rule threshold', () => {
    const detector = fixtureDetector();
    expect(scanText('api_key = "abababababababab"\n', 'a.env', detector)).toEqual([]);
    const found = scanText(`api_key = "${s.generic()}"\n`, 'a.env', detector);
    expect(found).toHaveLength(1);
    expect(found[0]!.entropy).toBeGreaterThan(3.5);
  });
});

describe('findings', () => {
  it('locates a secret by line and column and redacts the line', () => {
    const key = s.aws();
    const [f] = scanText(`// config\nconst id = '${key}';\n`, 'src/aws.ts', fixtureDetector());
    expect(f).toMatchObject({
      ruleId: 'aws-access-key-id',
      line: 2,
      column: 13,
      endColumn: 33,
      severity: 'critical',
    });
    expect(f!.secret).toBe(key);
    expect(f!.redactedLine).toBe(`const id = 'AKIA*****';`);
    expect(f!.redactedLine).not.toContain(key.slice(4));
  });

  it('maps patch lines through lineNumbers', () => {
    const detector = fixtureDetector();
    const found = detector.scan({
      path: 'a.ts',
      text: `x\nconst t = "${s.github()}"`,
      lineNumbers: [10, 42],
    });
    expect(found[0]!.line).toBe(42);
  });

  it('reports a secret that spans lines (private key) from its first line', () => {
    const text = `header\n${s.privateKey()}\nfooter\n`;
    const found = scanText(text, 'id_rsa', fixtureDetector());
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'private-key', line: 2, endLine: 11 });
  });

  it('gives one finding per secret: a specific rule wins over the generic one', () => {
    const token = s.github();
    const found = scanText(`github_token = "${token}"\n`, 'a.env', fixtureDetector());
    expect(found.map((f) => f.ruleId)).toEqual(['github-pat']);
  });

  it('on one span, prefers the rule that knows the format over the one that knows the context', () => {
    const context = countingRule('header-token', 'Bearer ([A-Za-z0-9_]{20,})', ['bearer']).rule;
    const format = countingRule('acme-token', '\\b(acme_[A-Za-z0-9]{24})\\b', ['acme_']).rule;
    const token = `acme_${s.generic().slice(0, 24)}`;
    const found = scanText(
      `Authorization: Bearer ${token}\n`,
      'a.http',
      createDetector([context, format]),
    );
    expect(found.map((f) => f.ruleId)).toEqual(['acme-token']);
  });

  it('reports the same secret twice only at two places', () => {
    const token = s.github();
    const found = scanText(`a = "${token}"\nb = "${token}"\n`, 'a.env', fixtureDetector());
    expect(found.map((f) => f.line)).toEqual([1, 2]);
  });

  it('does not take the next line for the value of an empty assignment', () => {
    const found = scanText(
      `password=\nreally_long_identifier_value_here_x9Z\n`,
      'a.env',
      fixtureDetector(),
    );
    expect(found).toEqual([]);
  });

  it('follows a structure opened on the keyword line into the next lines', () => {
    const { rule } = countingRule(
      'nested',
      '"auths"\\s{0,3}:\\s{0,3}\\{\\s{0,8}"auth"\\s{0,3}:\\s{0,3}"([A-Za-z0-9+/=]{8,})"',
      ['auths'],
    );
    const value = Buffer.from(`robot:${s.generic()}`).toString('base64');
    const found = scanText(
      `{\n  "auths": {\n    "auth": "${value}"\n  }\n}\n`,
      'config.json',
      createDetector([rule]),
    );
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 14]]);
  });

  it.each(['gitleaks:allow', 'devsecops:allow'])('honours an inline %s marker', (marker) => {
    const detector = fixtureDetector();
    expect(scanText(`t = "${s.github()}" # ${marker}\n`, 'a.py', detector)).toEqual([]);
    expect(detector.stats.allowed).toBe(1);
  });
});

describe('long lines', () => {
  it('scans a minified line only around keyword hits, and still finds secrets there', () => {
    const token = s.github();
    const filler = 'var a=function(b){return b+1};'.repeat(4000);
    const detector = fixtureDetector();
    const found = scanText(`${filler}var t="${token}";${filler}\n`, 'bundle.min.js', detector);
    expect(found).toHaveLength(1);
    expect(found[0]!.column).toBe(filler.length + 8);
    expect(found[0]!.redactedLine.length).toBeLessThan(260);
    expect(detector.stats.longLines).toBe(1);
  });
});

describe('encoded secrets', () => {
  const key = s.aws();
  it.each([
    ['base64', Buffer.from(`aws_access_key_id=${key}`).toString('base64')],
    ['base64', Buffer.from(key).toString('base64')],
    ['hex', Buffer.from(`id=${key}`).toString('hex')],
    ['percent', encodeURIComponent(`{"id":"${key}"}`)],
  ])('finds a secret hidden in %s and records the encoding', (encoding, value) => {
    const found = scanText(`value: ${value}\n`, 'secret.yaml', fixtureDetector());
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ruleId: 'aws-access-key-id',
      encoding,
      secret: key,
      line: 1,
      column: 8,
    });
    expect(found[0]!.redactedLine).not.toContain(value);
  });

  // Limitation: a value encoded twice is decoded only on a line with a keyword (`secret:` here),
  // since no fragment of the keyword survives two encodings.
  it('decodes twice (base64 of base64) but no deeper', () => {
    const once = Buffer.from(`token ${key}`).toString('base64');
    const twice = Buffer.from(`x=${once}`).toString('base64');
    const thrice = Buffer.from(`y=${twice}`).toString('base64');
    const aws = (text: string) =>
      scanText(text, 'a', fixtureDetector()).filter((f) => f.ruleId === 'aws-access-key-id');
    expect(aws(`secret: ${twice}\n`)).toHaveLength(1);
    expect(aws(`secret: ${thrice}\n`)).toHaveLength(0);
  });

  it('lists the base64 and hex fragments a keyword leaves', () => {
    const forms = encodedForms('akia');
    expect(forms).toContain(Buffer.from('AKIA').toString('hex'));
    // Whatever the alignment, the encoded value contains one of the fragments.
    for (const pad of ['', 'x', 'xy']) {
      const encoded = Buffer.from(`${pad}AKIA1234`).toString('base64');
      expect(forms.some((f) => encoded.includes(f))).toBe(true);
    }
  });
});

describe('invalid input', () => {
  it('never throws on replacement characters or control bytes', () => {
    const text = Buffer.from([
      0xff, 0xfe, 0x41, 0x4b, 0x0a, 0xc3, 0x28, 0x6b, 0x65, 0x79, 0x3d,
    ]).toString('utf8');
    expect(() => scanText(text + '\u0000api_key=\u0001', 'a.bin', fixtureDetector())).not.toThrow();
  });
});
