// The schemas use zod's small build (zod/mini: ~30 KB in the bundle instead of ~750 KB, which every
// command paid for at start-up), which carries no messages of its own: the English ones, as the
// full build has them, feed the "expected ..." part of config errors (yaml-file.ts issueToError).
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
