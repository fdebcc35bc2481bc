// README's CLI reference and the CLI's own --help list the same options for every command, and
// the same global options: a flag added to one and not the other fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vde } from '../support/cli';

const README = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
const COMMANDS = ['plan', 'apply', 'envs', 'env', 'invalidate', 'janitor', 'diff', 'comment', 'demo'];

/** The long options in the `Options:` (or `Global Options:`) section of a help text. */
function helpOptions(help: string, section: 'Options' | 'Global Options'): string[] {
  const start = help.indexOf(`\n${section}:\n`);
  if (start < 0) return [];
  const rest = help.slice(start + section.length + 3);
  const end = rest.search(/\n\S/);
  const block = end < 0 ? rest : rest.slice(0, end);
  return [...block.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');
}

/** The long options README's command table gives `vde <command>` (its options column). */
function readmeOptions(command: string): string[] {
  const row = README.split('\n').find((l) => l.startsWith(`| \`vde ${command} `) || l.startsWith(`| \`vde ${command}\``));
  if (!row) throw new Error(`README has no row for vde ${command}`);
  const options = row.split(' | ')[1]!;
  return [...new Set([...options.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]!))];
}

test.each(COMMANDS)('vde %s: README lists the options --help lists, and no others', async (command) => {
  const r = await vde([command, '--help']);
  expect(r.code).toBe(0);
  expect(readmeOptions(command).sort()).toEqual(helpOptions(r.stdout, 'Options').sort());
});

test('README lists the global options --help lists', async () => {
  const r = await vde(['plan', '--help']);
  const table = README.slice(README.indexOf('| global option |'));
  const readme = [...table.slice(0, table.indexOf('\n\n')).matchAll(/`(?:-\w, )?(--[a-z-]+)/g)].map((m) => m[1]!);
  expect(readme.filter((o) => o !== '--help').sort()).toEqual(helpOptions(r.stdout, 'Global Options').sort());
});
