/** An encoded value found in text, decoded. */
export interface DecodedSegment {
  encoding: 'base64' | 'hex' | 'percent';
  /** Offsets of the encoded value in the searched text. */
  start: number;
  end: number;
  text: string;
}

/** Encoded values shorter than this are not worth decoding: no credential fits in them. */
const MIN_ENCODED = 16;
/** Encoded values longer than this are data (images, bundles), not a wrapped credential. */
export const MAX_ENCODED = 16 * 1024;

const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?<![0-9a-fA-F])(?:[0-9a-fA-F]{2}){12,}(?![0-9a-fA-F])/g;
const PERCENT_RUN = /(?:[A-Za-z0-9._~+-]|%[0-9A-Fa-f]{2}){6,}/g;

/**
 * Finds base64, hex and percent-encoded values in `text` and decodes those that turn into
 * printable text. Callers scan the decoded text again, to a bounded depth.
 */
export function findEncoded(text: string): DecodedSegment[] {
  const out: DecodedSegment[] = [];

  for (const m of text.matchAll(HEX_RUN)) {
    if (m[0].length > MAX_ENCODED) continue;
    const decoded = Buffer.from(m[0], 'hex').toString('latin1');
    if (isPrintable(decoded))
      out.push({ encoding: 'hex', start: m.index, end: m.index + m[0].length, text: decoded });
  }

  for (const m of text.matchAll(BASE64_RUN)) {
    const value = m[0];
    if (value.length < MIN_ENCODED || value.length > MAX_ENCODED) continue;
    // Identifiers and words are base64 alphabets too; wrapped values mix cases and digits.
    if (!/[0-9+/=]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) continue;
    if (/^[0-9a-fA-F]+$/.test(value)) continue;
    const decoded = decodeBase64(value);
    if (decoded !== undefined && isPrintable(decoded)) {
      out.push({ encoding: 'base64', start: m.index, end: m.index + value.length, text: decoded });
    }
  }

  if (text.includes('%')) {
    for (const m of text.matchAll(PERCENT_RUN)) {
      const value = m[0];
      if (!value.includes('%') || value.length > MAX_ENCODED) continue;
      let decoded: string;
      try {
        decoded = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        continue;
      }
      if (decoded !== value && isPrintable(decoded)) {
        out.push({
          encoding: 'percent',
          start: m.index,
          end: m.index + value.length,
          text: decoded,
        });
      }
    }
  }
  return out;
}

function decodeBase64(value: string): string | undefined {
  const body = value.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const url = /[_-]/.test(body);
  if (url && /[+/]/.test(body)) return undefined;
  return Buffer.from(body, url ? 'base64url' : 'base64').toString('latin1');
}

/** Mostly printable ASCII (with tabs and newlines): what a wrapped credential decodes to. */
function isPrintable(text: string): boolean {
  if (text.length < 8) return false;
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable / text.length >= 0.95;
}
