import { describe, expect, it } from 'vitest';
import {
  expandSample,
  isTemplateClass,
  listTemplates,
  TEMPLATE_CLASSES,
} from './support/sample-template.js';

describe('expandSample', () => {
  it('gives the same text for the same seed and different text for another', () => {
    const sample = 'GITHUB_TOKEN={{alnum:36|ghp_}}';
    expect(expandSample(sample, 7)).toBe(expandSample(sample, 7));
    expect(expandSample(sample, 7)).not.toBe(expandSample(sample, 8));
  });

  it.each(Object.entries(TEMPLATE_CLASSES))(
    'draws %s templates from their alphabet',
    (cls, chars) => {
      const text = expandSample(`{{${cls}:200}}`, 3);
      expect(text).toHaveLength(200);
      for (const c of text) expect(chars).toContain(c);
    },
  );

  it('puts the prefix before the random part and keeps the text around it', () => {
    const text = expandSample('a={{hex:8|dop_v1_}};', 1);
    expect(text).toMatch(/^a=dop_v1_[0-9a-f]{8};$/);
  });

  it('makes version 4 UUIDs', () => {
    expect(expandSample('{{uuid:36}}', 5)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(() => expandSample('{{uuid:32}}', 5)).toThrow(/36 characters/);
  });

  it('makes JWTs whose header and claims decode to JSON', () => {
    const [header, claims, signature] = expandSample('{{jwt:43}}', 9).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toHaveProperty('sub');
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('leaves GitHub expressions and other braces alone', () => {
    const text = 'token: ${{ secrets.GITHUB_TOKEN }} {id}';
    expect(expandSample(text, 1)).toBe(text);
  });

  it('rejects an unknown class', () => {
    expect(() => expandSample('{{base58:10}}', 1)).toThrow(/Unknown sample template class/);
    expect(isTemplateClass('base58')).toBe(false);
  });

  it('lists the templates of a sample', () => {
    expect(listTemplates('{{hex:8}}-{{alnum:4|x}}')).toEqual([
      { cls: 'hex', length: 8 },
      { cls: 'alnum', length: 4 },
    ]);
  });
});
