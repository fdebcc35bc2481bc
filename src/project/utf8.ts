// Project files are UTF-8. Decoding invalid bytes leniently would put U+FFFD into the warehouse
// with no warning, so they are refused, naming the file and line.
import { ModelError } from '../errors';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes `bytes` as UTF-8 (a leading byte-order mark is kept, as `readFileSync(..., 'utf8')`
 * keeps it), or throws a ModelError naming `relativeFile` and the line of the first invalid byte.
 */
export function decodeUtf8(bytes: Uint8Array, relativeFile: string, model?: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
    const hex = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    throw new ModelError(
      `the file is not valid UTF-8 (byte 0x${hex} at offset ${offset}); save it as UTF-8`,
      relativeFile,
      line,
      model,
    );
  }
}

/** Offset of the first byte that does not survive a lenient decode and re-encode unchanged. */
function firstInvalidByte(bytes: Uint8Array): number {
  const again = Buffer.from(lenient.decode(bytes), 'utf8');
  const n = Math.min(again.length, bytes.length);
  for (let i = 0; i < n; i++) if (again[i] !== bytes[i]) return i;
  return n;
}
