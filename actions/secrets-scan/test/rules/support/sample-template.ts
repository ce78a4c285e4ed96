/**
 * Expands the sample templates of configs/secrets/rules.toml. Samples hold `{{CLASS:LEN}}` or
 * `{{CLASS:LEN|PREFIX}}` instead of credentials, so the rules file itself contains none; tests
 * expand them with a seeded generator, several seeds per sample.
 */

/** Characters of each plain class. */
export const TEMPLATE_CLASSES: Record<string, string> = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  alnumlower: 'abcdefghijklmnopqrstuvwxyz0123456789',
  alnumupper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  b32lower: 'abcdefghijklmnopqrstuvwxyz234567',
  bech32: 'qpzry9x8gf2tvdw0s3jn54khce6mua7l',
  BECH32: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};

/** Classes built from parts rather than drawn character by character. */
const COMPOSITE_CLASSES = ['uuid', 'jwt'] as const;

const TEMPLATE = /\{\{([A-Za-z0-9]+):(\d+)(?:\|([^}]*))?\}\}/g;

/** A small deterministic generator (mulberry32): the same seed gives the same samples. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether `name` is a template class. */
export function isTemplateClass(name: string): boolean {
  return name in TEMPLATE_CLASSES || (COMPOSITE_CLASSES as readonly string[]).includes(name);
}

/** Every `{{...}}` template in `sample` (class names and lengths), for validation. */
export function listTemplates(sample: string): { cls: string; length: number }[] {
  return [...sample.matchAll(TEMPLATE)].map((m) => ({ cls: m[1]!, length: Number(m[2]) }));
}

/** Replaces every template in `sample` with random text drawn from `seed`. */
export function expandSample(sample: string, seed: number): string {
  const random = createRandom(seed);
  return sample.replace(TEMPLATE, (_all, cls: string, len: string, prefix?: string) => {
    return (prefix ?? '') + generate(cls, Number(len), random);
  });
}

function generate(cls: string, length: number, random: () => number): string {
  const chars = TEMPLATE_CLASSES[cls];
  if (chars) return draw(chars, length, random);
  if (cls === 'uuid') {
    if (length !== 36) throw new Error(`{{uuid:${length}}}: a UUID is 36 characters`);
    const hex = TEMPLATE_CLASSES.hex!;
    const variant = '89ab'[Math.floor(random() * 4)]!;
    return [
      draw(hex, 8, random),
      draw(hex, 4, random),
      '4' + draw(hex, 3, random),
      variant + draw(hex, 3, random),
      draw(hex, 12, random),
    ].join('-');
  }
  if (cls === 'jwt') {
    // A real JWS compact form: JSON header and payload, then LEN signature characters.
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const claims = {
      sub: draw(TEMPLATE_CLASSES.alnum!, 12, random),
      iat: 1_700_000_000 + Math.floor(random() * 10_000_000),
      scope: 'read write',
    };
    const signature = draw(TEMPLATE_CLASSES.b64url!, length, random);
    return `${header}.${base64url(JSON.stringify(claims))}.${signature}`;
  }
  throw new Error(`Unknown sample template class "${cls}"`);
}

function draw(chars: string, length: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += chars[Math.floor(random() * chars.length)];
  return out;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
