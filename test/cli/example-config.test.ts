// examples/vde.yaml is what new users copy: its advice on secrets must work as written (issue 12).
import { readFileSync } from 'node:fs';
import { loadConfig, parseConfigText } from '../../src/project/config';

const text = readFileSync('examples/vde.yaml', 'utf8');

test('the advised `password: ${PGPASSWORD}` reads the environment variable', () => {
  const advice = /`(password: \$\{PGPASSWORD\})`/.exec(text);
  expect(advice).not.toBeNull();
  const config = parseConfigText(
    `connection:\n  type: postgres\n  host: db.internal\n  ${advice![1]}\n`,
    '/p/vde.yaml',
    '/p',
    { PGPASSWORD: 'from-the-environment' },
  );
  expect(config.connection).toMatchObject({ type: 'postgres', password: 'from-the-environment' });
});

test('$${NAME} is described as the escape for a literal ${NAME}, not as the way to read a variable', () => {
  expect(text).not.toMatch(/\$\$\{[A-Z_]+\}[^\n]*read/);
  expect(text).toMatch(/\$\$\{NAME\}[^\n]*literal/);
});

test('the example loads without any of the variables its comments mention', () => {
  const env = { ...process.env };
  delete env.PGPASSWORD;
  delete env.NAME;
  expect(loadConfig('examples', env).connection.type).toBe('pglite');
});
