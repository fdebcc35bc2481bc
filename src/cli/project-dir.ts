// `--project`: the folder must exist and hold a vde project. A typo must not create a folder and an
// empty embedded database (and then report an empty project as a success).
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors';
import { CONFIG_FILES } from '../project/config';

/** The absolute project folder, or a UsageError naming --project (or the current folder). */
export function checkProjectDir(input: string, isDefault: boolean): string {
  const dir = resolve(input);
  const flag = isDefault ? 'the current folder' : `--project ${input}`;
  if (!existsSync(dir)) {
    throw new UsageError(flag, `no such folder (${dir}); pass the folder that holds vde.yaml and models/`);
  }
  if (!statSync(dir).isDirectory()) {
    const hint = (CONFIG_FILES as readonly string[]).includes(basename(dir))
      ? `pass its folder: --project ${dirname(input) || '.'}`
      : 'pass the folder that holds vde.yaml and models/';
    throw new UsageError(flag, `is a file, not a folder; ${hint}`);
  }
  const hasConfig = CONFIG_FILES.some((f) => existsSync(join(dir, f)));
  if (!hasConfig && !existsSync(join(dir, 'models'))) {
    throw new UsageError(
      flag,
      `${isDefault ? `${dir} ` : ''}has no vde.yaml and no models/ folder, so it is not a vde project; run vde in the project folder or pass --project <folder>`,
    );
  }
  return dir;
}
