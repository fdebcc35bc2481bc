// Escaping of data values (and model / column names, which are data too) for the Markdown report
// (DESIGN rule 8). The output is safe in a GFM table cell, in running text and inside HTML blocks
// such as <details><summary>: it cannot close a table cell, open a code span, form a link or an
// image, start emphasis, strikethrough or math, inject HTML or @-mention anyone. It escapes only
// where Markdown or HTML would misread a character, so the raw body stays readable
// (`customer_orders` stays as it is; `_em_` becomes `\_em\_`).

export interface EscapeOptions {
  /** How line breaks are rendered: `<br>` (default, fine in table cells) or a single space. */
  newline?: 'br' | 'space';
  /** Longest value in characters before it is shortened with `…` (default: no limit). */
  maxLength?: number;
  /**
   * `markdown` (default): backslash escapes. `html`: inside an HTML block (a <summary> line),
   * where Markdown is not parsed and a backslash would show, so character references instead.
   */
  context?: 'markdown' | 'html';
}

// Always escaped, in either context: HTML, table cells, links and images. Character references
// are decoded only after GFM has parsed tables and links, so these stay inert text.
const ALWAYS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '|': '&#124;',
  '[': '&#91;',
  ']': '&#93;',
};
// Markdown punctuation that can open code spans, emphasis, strikethrough or math. In Markdown a
// backslash escape (readable); in an HTML block a character reference.
const PUNCTUATION: Record<string, string> = {
  '`': '&#96;',
  '*': '&#42;',
  '~': '&#126;',
  $: '&#36;', // GitHub renders $...$ as math
  '\\': '&#92;',
};

// GitHub links @mentions in the rendered text. A zero-width space after `@` keeps the text as it
// reads but never a mention.
const AT = '@\u200B';

const WORD = /[\p{L}\p{N}]/u;

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

/** Escapes one piece of text for Markdown (or an HTML block) where it would be misread. */
export function escapeMarkdown(text: string, opts: EscapeOptions = {}): string {
  let s = text;
  if (opts.maxLength !== undefined && [...s].length > opts.maxLength) {
    s = `${[...s].slice(0, Math.max(0, opts.maxLength - 1)).join('')}…`;
  }
  const html = opts.context === 'html';
  const br = opts.newline === 'space' ? ' ' : '<br>';
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = ch.charCodeAt(0);
    if (ch === '\r') {
      if (s[i + 1] === '\n') i++;
      out += br;
    } else if (ch === '\n' || code === 0x2028 || code === 0x2029) {
      out += br;
    } else if (ch === '@') {
      out += AT;
    } else if (ALWAYS[ch] !== undefined) {
      out += ALWAYS[ch];
    } else if (PUNCTUATION[ch] !== undefined) {
      out += html ? PUNCTUATION[ch] : `\\${ch}`;
    } else if (ch === '_') {
      // Inside a word (`customer_orders`) an underscore never starts or ends emphasis.
      const inWord = WORD.test(s[i - 1] ?? '') && WORD.test(s[i + 1] ?? '');
      out += inWord ? '_' : html ? '&#95;' : '\\_';
    } else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      // Tabs and other control characters: a space (tabs) or the replacement character.
      out += ch === '\t' ? ' ' : '\uFFFD';
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
  if (value === null || value === undefined) return '*null*';
  const text = valueToText(value);
  if (text === '') return '*empty*';
  return escapeMarkdown(text, { maxLength: 200, ...opts });
}

/** Escapes a name (model, column, environment) for running text or a cell. */
export function escapeName(name: string, context: 'markdown' | 'html' = 'markdown'): string {
  return escapeMarkdown(name, { newline: 'space', maxLength: 300, context });
}

/** Removes terminal control sequences (ESC, other C0/C1 controls) from a value for terminal output. */
export function sanitizeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n|\r|\n/g, '↵').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD').replace(/\t/g, ' ');
}
