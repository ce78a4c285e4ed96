import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PolicyFileSchema, SCHEMAS } from '../../scripts/generate-schemas.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('generated JSON Schemas', () => {
  it.each(Object.keys(SCHEMAS))('%s matches the zod schema it is generated from', (file) => {
    expect(readFileSync(root + file, 'utf8'), 'run npm run schemas').toBe(SCHEMAS[file]);
  });
});

describe('policy files in this repository', () => {
  it('.github/devsecops.yml is a valid policy', () => {
    const data: unknown = parse(readFileSync(root + '.github/devsecops.yml', 'utf8'));
    expect(() => PolicyFileSchema.parse(data)).not.toThrow();
  });

  it('the example in docs/policy.md is a valid policy', () => {
    const doc = readFileSync(root + 'docs/policy.md', 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const result = PolicyFileSchema.safeParse(parse(block!));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('rejects an unknown key', () => {
    expect(() => PolicyFileSchema.parse({ secrets: { 'fail-onn': 'low' } })).toThrow();
  });
});
