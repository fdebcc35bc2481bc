// Writes small vde projects into temporary folders for tests.
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TestProject {
  dir: string;
  write(path: string, text: string): void;
  read(path: string): string;
  edit(path: string, from: string | RegExp, to: string): void;
  remove(path: string): void;
  cleanup(): void;
}

export function makeProject(files: Record<string, string>): TestProject {
  const dir = mkdtempSync(join(tmpdir(), 'vde-project-'));
  const p: TestProject = {
    dir,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    edit(path, from, to) {
      const before = p.read(path);
      const after = before.replace(from, to);
      if (after === before) throw new Error(`edit of ${path} changed nothing`);
      p.write(path, after);
    },
    remove: (path) => rmSync(join(dir, path)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [path, text] of Object.entries(files)) p.write(path, text);
  return p;
}

export function copyExamples(): TestProject {
  const p = makeProject({});
  cpSync(join(__dirnameOf(), '..', '..', 'examples'), p.dir, { recursive: true });
  rmSync(join(p.dir, '.vde'), { recursive: true, force: true });
  return p;
}

function __dirnameOf(): string {
  return join(process.cwd(), 'test', 'support');
}

export function postgresConfig(url: string, extra = ''): string {
  return `connection:\n  type: postgres\n  url: ${url}\n${extra}`;
}

/**
 * A layered shop project: two seeds, two staging models, two marts, one VIEW.
 *   raw.customers, raw.orders (SEED) → stg.customers, stg.orders (FULL)
 *   → marts.customer_orders (FULL, grain customer_id) → marts.top_customers (VIEW)
 *   stg.orders → marts.daily_revenue (FULL, grain order_date)
 */
export function shopFiles(): Record<string, string> {
  return {
    'models/seeds/customers.csv': 'id,name,country\n1,Ada,UK\n2,"Grace, Admiral",US\n3,Linus,FI\n4,Margaret,US\n',
    'models/seeds/orders.csv':
      'id,customer_id,amount,status,ordered_on\n' +
      '10,1,20.50,paid,2024-01-01\n11,1,5.00,cancelled,2024-01-01\n12,2,99.99,paid,2024-01-02\n' +
      '13,3,15.25,paid,2024-01-02\n14,3,7.75,returned,2024-01-03\n15,4,42.00,paid,2024-01-03\n16,2,1.00,cancelled,2024-01-03\n',
    'models/seeds/raw_customers.sql':
      "MODEL (name raw.customers, kind SEED (path 'customers.csv'), columns (id int, name text, country text), grain id);\n",
    'models/seeds/raw_orders.sql':
      "MODEL (\n  name raw.orders,\n  kind SEED (path 'orders.csv'),\n  columns (id int, customer_id int, amount numeric(10,2), status text, ordered_on date),\n  grain id\n);\n",
    'models/stg/customers.sql':
      'MODEL (name stg.customers, kind FULL, grain customer_id);\n\nSELECT id AS customer_id, name, country\nFROM raw.customers\n',
    'models/stg/orders.sql':
      "MODEL (name stg.orders, kind FULL, grain order_id);\n\nSELECT id AS order_id, customer_id, amount, status, ordered_on\nFROM raw.orders\n-- every order counts for now\n",
    'models/marts/customer_orders.sql':
      'MODEL (name marts.customer_orders, kind FULL, grain customer_id, description \'orders per customer\');\n\n' +
      'SELECT c.customer_id, c.name, count(o.order_id) AS orders, coalesce(sum(o.amount), 0) AS revenue\n' +
      'FROM stg.customers AS c\nLEFT JOIN stg.orders AS o ON o.customer_id = c.customer_id\nGROUP BY c.customer_id, c.name\n',
    'models/marts/daily_revenue.sql':
      'MODEL (name marts.daily_revenue, kind FULL, grain order_date);\n\nSELECT ordered_on AS order_date, sum(amount) AS revenue\nFROM stg.orders\nGROUP BY ordered_on\n',
    'models/marts/top_customers.sql':
      'MODEL (name marts.top_customers, kind VIEW);\n\nSELECT customer_id, name, revenue FROM marts.customer_orders WHERE revenue > 10\n',
  };
}
