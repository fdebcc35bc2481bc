// Numbers as people write them: the warehouse's text of a number without meaningless trailing
// zeros (`1819.6800000000000000` -> `1819.68`, `5.00` -> `5`, `1e+15` -> `1000000000000000`), and
// rounded to `--decimals` places for display when given. Works on the decimal text itself, so no
// digit is ever lost to floating point. Anything that is not a plain number is returned unchanged.

const PLAIN = /^([+-]?)(\d+)(?:\.(\d*))?$/;
const EXPONENT = /^([+-]?)(\d+)(?:\.(\d*))?[eE]([+-]?\d+)$/;
/** Longest plain text an exponent form is expanded to; longer stays in exponent form. */
const MAX_EXPANDED = 30;

function expand(text: string): string {
  const m = EXPONENT.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', frac = '', expText = '0'] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (out.length > MAX_EXPANDED) return text;
  return sign + out;
}

/** Strips trailing fraction zeros and leading integer zeros; expands short exponent forms. */
export function normalizeNumberText(text: string): string {
  const m = PLAIN.exec(expand(text.trim()));
  if (!m) return text;
  const [, sign = '', int = '', frac = ''] = m;
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  // Zero has no sign as people write it (a float's -0 equals 0).
  const neg = sign === '-' && (/[1-9]/.test(i) || f !== '');
  return `${neg ? '-' : ''}${i}${f ? `.${f}` : ''}`;
}

/** `normalizeNumberText`, rounded half away from zero to `decimals` places when given. */
export function formatNumberText(text: string, decimals?: number): string {
  const normal = normalizeNumberText(text);
  if (decimals === undefined) return normal;
  const m = PLAIN.exec(normal);
  if (!m) return normal;
  const [, sign = '', int = '', frac = ''] = m;
  if (frac.length <= decimals) return normal;
  const kept = int + frac.slice(0, decimals);
  let rounded = kept;
  if ((frac[decimals] ?? '0') >= '5') {
    const digits = kept.split('').map(Number);
    let k = digits.length - 1;
    while (k >= 0) {
      if (digits[k] === 9) {
        digits[k] = 0;
        k--;
      } else {
        digits[k] = (digits[k] ?? 0) + 1;
        break;
      }
    }
    rounded = (k < 0 ? '1' : '') + digits.join('');
  }
  const intLen = rounded.length - decimals;
  const out = decimals > 0 ? `${rounded.slice(0, intLen)}.${rounded.slice(intLen)}` : rounded;
  const result = normalizeNumberText(out);
  return result === '0' ? '0' : `${sign}${result}`;
}
