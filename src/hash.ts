// sha256 of a string, hex. Plans hash every model file and definition: the one-shot crypto.hash
// (Node >= 20.12) costs about half of a createHash object per call, and gives the same digest.
import * as crypto from 'node:crypto';

const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
