// Escaping of data values (and model / column names, which are data too) for the Markdown report
// and its embedded HTML (DESIGN rule 8). The output is safe in a GFM table cell, in running text and
// inside HTML elements such as <summary>: it cannot close a table cell, open a code span, form a
// link, start emphasis, inject HTML or @-mention anyone.

export interface EscapeOptions {
  /** How line breaks are rendered: `<br>` (default, fine in table cells) or a single space. */
  newline?: 'br' | 'space';
  /** Longest value in characters before it is shortened with `…` (default: no limit). */
  maxLength?: number;
}

// Characters Markdown or HTML give a meaning to. Each becomes a numeric character reference, which
// GFM decodes only after it has parsed tables, code spans, links and emphasis, so the character is
// displayed but never interpreted.
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '\\': '&#92;',
  '#': '&#35;',
  $: '&#36;', // GitHub renders $...$ as math
};

// GitHub links @mentions (and #references) in the rendered text, i.e. after entities are decoded.
// A zero-width space between `@` and the name keeps the text readable but never a mention.
const AT = '&#64;&#8203;';

/** Renders any value as text: null/undefined as `null`, objects as JSON, Dates as ISO strings. */
export function valueToText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Escapes one piece of text for Markdown + HTML. */
export function escapeMarkdown(text: string, opts: EscapeOptions = {}): string {
  let s = text;
  if (opts.maxLength !== undefined && [...s].length > opts.maxLength) {
    s = `${[...s].slice(0, Math.max(0, opts.maxLength - 1)).join('')}…`;
  }
  const br = opts.newline === 'space' ? ' ' : '<br>';
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = ch.charCodeAt(0);
    if (ch === '\r') {
      if (s[i + 1] === '\n') i++;
      out += br;
    } else if (ch === '\n') {
      out += br;
    } else if (ch === '@') {
      out += AT;
    } else if (ENTITY[ch] !== undefined) {
      out += ENTITY[ch];
    } else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      // Tabs and other control characters: a space (tabs) or the replacement character.
      out += ch === '\t' ? ' ' : '\uFFFD';
    } else if (code === 0x2028 || code === 0x2029) {
      out += br;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Escapes a data value for a Markdown table cell. SQL NULL renders as an italic `null` (markup we
 * produce, so it cannot be confused with the string "null", which renders plainly).
 */
export function escapeCell(value: unknown, opts: EscapeOptions = {}): string {
  if (value === null || value === undefined) return '<em>null</em>';
  const text = valueToText(value);
  if (text === '') return '<em>empty</em>';
  return escapeMarkdown(text, { maxLength: 200, ...opts });
}

/** Escapes a name (model, column, environment) for running text or a cell. */
export function escapeName(name: string): string {
  return escapeMarkdown(name, { newline: 'space', maxLength: 300 });
}

/** Removes terminal control sequences (ESC, other C0/C1 controls) from a value for terminal output. */
export function sanitizeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n|\r|\n/g, '↵').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD').replace(/\t/g, ' ');
}
