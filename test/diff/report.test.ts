// Report rendering: escaping of hostile values, the size budget, ordering, mermaid safety, text, JSON.
import { describe, expect, test } from '@jest/globals';
import { escapeCell, escapeMarkdown } from '../../src/diff/escape';
import { mermaidLabel, renderMermaid } from '../../src/diff/mermaid';
import { renderJson } from '../../src/diff/report/json';
import { renderMarkdown, verdict } from '../../src/diff/report/markdown';
import { renderText } from '../../src/diff/report/text';
import type { DiffResult, Lineage, ModelDiff } from '../../src/diff/types';

function model(name: string, over: Partial<ModelDiff> = {}, rows: Partial<ModelDiff['rows']> = {}): ModelDiff {
  return {
    model: name,
    category: 'breaking',
    on: ['id'],
    schema: { added: [], removed: [], typeChanged: [] },
    rows: { from: 10, to: 10, added: 0, removed: 0, changed: 0, unchanged: 10, ...rows },
    columns: [],
    keyCheck: { nullKeys: 0, duplicateKeys: 0 },
    samples: { added: [], removed: [], changed: [] },
    warnings: [],
    ...over,
  };
}

const noLineage: Lineage = { nodes: [], edges: [] };

/** Decodes the numeric and named entities a browser would, to check what a reader finally sees. */
function decode(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const HOSTILE = [
  '<script>alert(1)</script>',
  'a|b|c',
  '```\nbreak out',
  '`code`',
  '@here please',
  'line1\nline2\r\nline3',
  '[x](javascript:alert(1))',
  '*bold* and _em_',
  '<img src=x onerror=alert(1)>',
];

/** Asserts that no hostile fragment survives raw in the Markdown (outside our own markup). */
function assertNoRaw(md: string): void {
  expect(md).not.toMatch(/<script/i);
  expect(md).not.toMatch(/<img/i);
  expect(md).not.toContain('@here');
  expect(md).not.toContain('[x]');
  expect(md).not.toContain('](javascript');
  expect(md).not.toContain('*bold*');
  expect(md).not.toContain('_em_');
  expect(md).not.toContain('`code`');
  expect(md).not.toContain('line1\nline2');
  expect(md).not.toContain('a|b');
  // What a reader sees after entity decoding cannot mention anyone either.
  expect(decode(md)).not.toMatch(/@here/);
  // The only code fences are the mermaid block's own.
  const fences = md.split('\n').filter((l) => l.includes('```'));
  expect(fences.every((l) => l === '```mermaid' || l === '```')).toBe(true);
  // Every table line has the same number of cell separators as its header: no cell was broken.
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.startsWith('|') && !(lines[i - 1] ?? '').startsWith('|')) {
      const cells = l.split('|').length;
      for (let j = i; j < lines.length && (lines[j] as string).startsWith('|'); j++) {
        expect((lines[j] as string).split('|').length).toBe(cells);
        expect((lines[j] as string).endsWith('|')).toBe(true);
      }
    }
  }
}

describe('escaping', () => {
  test('escapeMarkdown escapes only where Markdown or HTML would misread', () => {
    expect(escapeMarkdown('<b>&|`[]*_~\\#$')).toBe('&lt;b>&amp;&#124;\\`&#91;&#93;\\*\\_\\~\\\\#\\$');
    // In an HTML block (the <summary> line) backslashes would show: character references.
    expect(escapeMarkdown('`*_~\\$', { context: 'html' })).toBe('&#96;&#42;&#95;&#126;&#92;&#36;');
    // Identifiers stay readable: underscores inside words, dots, digits.
    expect(escapeMarkdown('marts.customer_orders_2024')).toBe('marts.customer_orders_2024');
    expect(escapeMarkdown('_em_ and __x__')).toBe('\\_em\\_ and \\_\\_x\\_\\_');
    expect(escapeMarkdown('@org/team')).toBe('@\u200Borg/team');
    expect(escapeMarkdown('a\nb\r\nc')).toBe('a<br>b<br>c');
    expect(escapeMarkdown('a\nb', { newline: 'space' })).toBe('a b');
    expect(escapeMarkdown('\u001b[2J')).toBe('\uFFFD&#91;2J');
    expect(escapeCell(null)).toBe('*null*');
    expect(escapeCell('x'.repeat(300))).toHaveLength(200);
  });

  test('hostile values in samples, column names and model names never survive raw', () => {
    const hostileModel = model('evil<script>@here|`[x](javascript:1)`', {
      columns: HOSTILE.map((h) => ({ name: h, changed: 1, matchPct: 50 })),
      schema: { added: [{ name: '<script>@here', type: 'a|b' }], removed: [], typeChanged: [] },
      samples: {
        added: [Object.fromEntries(HOSTILE.map((h, i) => [h, HOSTILE[(i + 1) % HOSTILE.length]]))],
        removed: [{ id: '1', '@here': '<script>x</script>' }],
        changed: HOSTILE.map((h) => ({ key: { [h]: h }, column: h, from: h, to: h })),
      },
      warnings: ['Key column @here|x missing <script>'],
    }, { added: 1, changed: 1 });
    const lineage: Lineage = {
      nodes: [
        { model: hostileModel.model, status: 'direct' },
        { model: '```\n@here"]:::x', status: 'indirect' },
      ],
      edges: [{ from: hostileModel.model, to: '```\n@here"]:::x' }],
    };
    const md = renderMarkdown({ from: 'prod', to: 'pr_<1>', models: [hostileModel] }, lineage);
    // The values are there, escaped.
    expect(md).toContain('&lt;script>alert(1)&lt;/script>');
    expect(md).toContain('a&#124;b&#124;c');
    expect(md).toContain('line1<br>line2<br>line3');
    assertNoRaw(md);
  });
});

describe('renderMarkdown', () => {
  test('starts with the marker, then the verdict, then a summary table with the largest changes first', () => {
    const result: DiffResult = {
      from: 'prod',
      to: 'pr_7',
      models: [
        model('a_small', {}, { added: 5 }),
        model('d_none'),
        model('c_schema', { schema: { added: [{ name: 'x', type: 'int' }, { name: 'y', type: 'int' }], removed: [], typeChanged: [] } }),
        model('e_big', { category: 'indirect' }, { changed: 100 }),
        model('b_big', { category: 'non-breaking' }, { added: 50, removed: 50 }),
      ],
    };
    const md = renderMarkdown(result, noLineage);
    const lines = md.split('\n');
    expect(lines[0]).toBe('<!-- vde:report -->');
    expect(md.indexOf('models changed')).toBeLessThan(md.indexOf('| Model |'));
    // The category counts add up to the table's rows (d_none is listed too, with no change).
    expect(verdict(result)).toBe('**4 of 5 models differ**: 3 breaking, 1 non-breaking, 1 indirect · 55 rows added, 50 removed, 100 changed');
    const rowOrder = lines.filter((l) => /^\| [a-e]_/.test(l)).map((l) => l.split(' ')[1]);
    expect(rowOrder).toEqual(['b_big', 'e_big', 'a_small', 'c_schema', 'd_none']);
    // Details follow the same order.
    const detailOrder = [...md.matchAll(/<summary>([^ ]+) /g)].map((m) => m[1]);
    expect(detailOrder).toEqual(rowOrder);
    expect(md).toContain('| b_big | non-breaking | 10 → 10 | 50 | 50 | 0 | – |');
    expect(md).toContain('| c_schema | breaking | 10 → 10 | 0 | 0 | 0 | +2 |');
    expect(md).not.toContain('left out');
  });

  test('no changes gives a "No data changes" verdict', () => {
    const md = renderMarkdown({ from: 'prod', to: 'pr_1', models: [model('x')] }, noLineage);
    expect(md.split('\n')[3]).toBe('No data changes (1 model compared).');
  });

  test('300 changed models with samples fit in 65,536 characters, dropping samples and details with a note', () => {
    const models = Array.from({ length: 300 }, (_v, i) =>
      model(
        `analytics.model_${String(i).padStart(3, '0')}`,
        {
          columns: Array.from({ length: 8 }, (_c, j) => ({ name: `column_${j}`, changed: i, matchPct: 50 })),
          samples: {
            added: Array.from({ length: 5 }, (_r, k) => ({ id: String(k), payload: 'x'.repeat(80) })),
            removed: [],
            changed: Array.from({ length: 5 }, (_r, k) => ({ key: { id: String(k) }, column: 'column_1', from: 'a', to: 'b' })),
          },
        },
        { added: i + 1, changed: i },
      ),
    );
    const lineage: Lineage = { nodes: models.map((m) => ({ model: m.model, status: 'direct' as const })), edges: [] };
    const md = renderMarkdown({ from: 'prod', to: 'pr_1', models }, lineage);
    expect(md.length).toBeLessThanOrEqual(65536);
    expect(md).toContain('| Model | Category | Rows (from → to) | Added | Removed | Changed | Schema |');
    expect(md).toMatch(/Left out to fit the 65,536-character limit: .*details of \d+ models.*see the job summary/);
    // All 300 summary rows are still there, biggest first.
    const rows = md.split('\n').filter((l) => l.startsWith('| analytics'));
    expect(rows).toHaveLength(300);
    expect(rows[0]).toContain('model_299');
    // Whole <details> sections only, the biggest ones kept.
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
    expect(md).toContain('<summary>analytics.model_299');
    expect(md).not.toContain('<summary>analytics.model_000');
    assertNoRaw(md);
  });

  test('with huge summaries, summary rows go last and the note says how many models are not shown', () => {
    const models = Array.from({ length: 300 }, (_v, i) =>
      model(`m${String(i).padStart(3, '0')}_${'long_name_'.repeat(30)}`, {}, { changed: i + 1 }),
    );
    const md = renderMarkdown({ from: 'prod', to: 'pr_1', models }, { nodes: [{ model: 'm', status: 'direct' }], edges: [] });
    expect(md.length).toBeLessThanOrEqual(65536);
    const rows = md.split('\n').filter((l) => /^\| m\d{3}/.test(l));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.length).toBeLessThan(300);
    expect(md).toContain(`**${300 - rows.length} more models not shown; see the job summary.**`);
    expect(md).toContain('| Model | Category |');
    expect(md).not.toContain('<details>');
    expect(md).not.toContain('```mermaid');
    expect(md).toMatch(/the lineage graph/);
    // The shown rows are the largest changes.
    expect(rows[0]).toMatch(/^\| m299/);
    expect(rows.at(-1)).toMatch(new RegExp(`^\\| m${300 - rows.length}`));
  });

  test('a small maxChars never cuts a table in the middle', () => {
    const models = Array.from({ length: 40 }, (_v, i) => model(`m${i}`, {}, { added: i }));
    for (const maxChars of [900, 1500, 2500, 4000]) {
      const md = renderMarkdown({ from: 'prod', to: 'pr_1', models }, noLineage, { maxChars });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(md.trimEnd().split('\n').at(-1)).not.toMatch(/^\|/); // the note comes after the table
      assertNoRaw(md);
    }
  });
});

describe('renderMermaid', () => {
  const lineage: Lineage = {
    nodes: [
      { model: 'raw.orders', status: 'unchanged' },
      { model: 'stg."orders"', status: 'direct' },
      { model: 'mart]-->evil[', status: 'indirect' },
      { model: '```\n<b>@here</b>', status: 'added' },
      { model: 'old', status: 'removed' },
    ],
    edges: [
      { from: 'raw.orders', to: 'stg."orders"' },
      { from: 'stg."orders"', to: 'mart]-->evil[' },
      { from: 'mart]-->evil[', to: '```\n<b>@here</b>' },
    ],
  };

  test('uses generated ids and quoted, escaped labels only', () => {
    const { text, shown } = renderMermaid(lineage, 10);
    expect(shown).toBe(5);
    const lines = text.split('\n');
    expect(lines[0]).toBe('graph LR');
    for (const l of lines.slice(1)) {
      expect(l).toMatch(/^ {2}(n\d+\["[^"\n`<>]*"\]:::(direct|indirect|added|removed|unchanged)|n\d+ --> n\d+|classDef \w+ [^"`<>]+)$/);
    }
    expect(text).toContain('n1["stg.#quot;orders#quot;"]:::direct');
    expect(text).toContain('n2 --> n3');
    for (const c of ['direct', 'indirect', 'added', 'removed']) expect(text).toContain(`classDef ${c} `);
    expect(mermaidLabel('a"b')).toBe('"a#quot;b"');
  });

  test('maxNodes keeps changed models first and only edges among shown nodes', () => {
    const { text, shown } = renderMermaid(lineage, 2);
    expect(shown).toBe(2);
    expect(text).toContain('"stg.#quot;orders#quot;"');
    expect(text).toContain('"#96;#96;#96; #60;b#62;#64;here#60;/b#62;"');
    expect(text).not.toContain('raw.orders');
    expect(text).not.toContain('-->');
  });
});

describe('renderText and renderJson', () => {
  const result: DiffResult = {
    from: 'prod',
    to: 'pr_1',
    models: [
      model('small', { columns: [{ name: 'v', changed: 1, matchPct: 90 }] }, { changed: 1 }),
      model('big\u001b[2J', {
        warnings: ['dup keys'],
        samples: { added: [{ id: '1', v: 'evil\u001b[31m' }], removed: [], changed: [] },
      }, { added: 1234 }),
    ],
  };

  test('text: aligned columns, colour only when asked, control characters stripped', () => {
    const plain = renderText(result, { color: false });
    expect(plain).not.toContain('\u001b');
    const lines = plain.split('\n');
    const header = lines.find((l) => l.startsWith('MODEL')) as string;
    const first = lines[lines.indexOf(header) + 1] as string;
    const second = lines[lines.indexOf(header) + 2] as string;
    expect(first.startsWith('big\uFFFD[2J !')).toBe(true);
    expect(second.startsWith('small')).toBe(true);
    // Right-aligned ADDED column: the numbers end at the same position as the header.
    const end = header.indexOf('ADDED') + 'ADDED'.length;
    expect(first.slice(0, end).endsWith('1,234')).toBe(true);
    expect(second.slice(0, end).endsWith('0')).toBe(true);
    const colored = renderText(result, { color: true });
    expect(colored).toContain('\u001b[32m');
    expect(colored).not.toContain('\u001b[2J');
    expect(colored).not.toContain('evil\u001b[31m');
  });

  test('json: the contract, warnings included', () => {
    const json = renderJson(result);
    expect(JSON.parse(json)).toEqual(result);
    expect(json).toContain('\n  "from": "prod"');
    expect(json).toContain('dup keys');
  });
});

describe('numbers, profiles, errors and the footer (issue 11 §3)', () => {
  const money = model(
    'marts.revenue',
    {
      numericColumns: ['id', 'amount'],
      columns: [
        { name: 'note', changed: 1, matchPct: 90 },
        { name: 'amount', changed: 3, matchPct: 70 },
      ],
      samples: {
        added: [{ id: '7', amount: '1819.6800000000000000', note: '5.00' }],
        removed: [],
        changed: [{ key: { id: '3' }, column: 'amount', from: '10.00', to: '12.5050' }],
      },
      profile: [
        {
          column: 'amount',
          from: { rows: 10, nulls: 2, distinct: 8, min: '0.00', max: '99.50' },
          to: { rows: 10, nulls: 1, distinct: 8, min: '0.00', max: '120.00' },
          moved: ['nulls', 'max'],
        },
      ],
    },
    { added: 1, changed: 3 },
  );
  const result: DiffResult = { from: 'prod', to: 'pr_1', models: [money] };

  test('numbers without trailing zeros, rounded to --decimals when given; strings untouched', () => {
    const md = renderMarkdown(result, noLineage);
    expect(md).toContain('| 7 | 1819.68 | 5.00 |');
    expect(md).toContain('| id=3 | amount | 10 | 12.505 |');
    const rounded = renderMarkdown({ ...result, decimals: 2 }, noLineage);
    expect(rounded).toContain('| 7 | 1819.68 | 5.00 |');
    expect(rounded).toContain('| id=3 | amount | 10 | 12.51 |');
    const text = renderText({ ...result, decimals: 1 }, { color: false });
    expect(text).toContain('1819.7');
    expect(text).not.toContain('1819.68');
    // JSON keeps the warehouse's exact text.
    expect(renderJson(result)).toContain('"1819.6800000000000000"');
  });

  test('columns ranked by change, most changed first, with percentages as people write them', () => {
    const md = renderMarkdown(result, noLineage);
    expect(md.indexOf('| amount | 3 | 70% |')).toBeGreaterThan(0);
    expect(md.indexOf('| amount | 3 | 70% |')).toBeLessThan(md.indexOf('| note | 1 | 90% |'));
  });

  test('the column profile shows what moved, in Markdown, text and JSON', () => {
    const md = renderMarkdown(result, noLineage);
    expect(md).toContain('| Column | Nulls | Distinct | Min | Max |');
    expect(md).toContain('| amount | 2 (20%) → 1 (10%) | – | – | 99.5 → 120 |');
    const text = renderText(result, { color: false });
    expect(text).toMatch(/amount +2 \(20%\) → 1 \(10%\) +– +– +99\.5 → 120/);
    expect(JSON.parse(renderJson(result)).models[0].profile[0].moved).toEqual(['nulls', 'max']);
  });

  test('a model that could not be compared is marked in the table, explained in its details and counted', () => {
    const failed = model('marts.broken', { error: 'operator does not exist: json = json' }, { from: null, to: null, added: null, removed: null, changed: null, unchanged: null });
    const r: DiffResult = { from: 'prod', to: 'pr_1', models: [money, failed] };
    const md = renderMarkdown(r, noLineage);
    expect(md).toContain('| marts.broken ❌ | breaking | – → – | – | – | – | – |');
    expect(md).toContain('> ❌ Could not compare this model: operator does not exist: json = json');
    expect(verdict(r)).toMatch(/· 1 model could not be compared$/);
    expect(renderText(r, { color: false })).toContain('error: could not compare this model: operator does not exist: json = json');
  });

  test('the version goes in the footer, escaped', () => {
    const md = renderMarkdown(result, noLineage, { version: '1.2.3<x>', footer: '[run](https://ci)' });
    expect(md.trimEnd().endsWith('[run](https://ci)\n<sub>vde 1.2.3&lt;x></sub>')).toBe(true);
  });

  test('a footer that names the version already is not followed by it again', () => {
    for (const footer of ['<sub>vde 1.2.3</sub>', '<sub>commit `abc1234` · vde 1.2.3</sub>']) {
      const md = renderMarkdown(result, noLineage, { version: '1.2.3', footer });
      expect(md.match(/vde 1\.2\.3/g)).toHaveLength(1);
      expect(md.trimEnd().endsWith(footer)).toBe(true);
    }
    expect(renderMarkdown(result, noLineage, { version: '1.2.4', footer: '<sub>vde 1.2.3</sub>' }).trimEnd().endsWith('<sub>vde 1.2.3</sub>\n<sub>vde 1.2.4</sub>')).toBe(true);
  });

  test('the raw body is readable: identifiers are not entity-escaped', () => {
    const many = Array.from({ length: 20 }, (_v, i) =>
      model(`analytics.customer_orders_${i}`, { columns: [{ name: 'order_total_amount', changed: 1, matchPct: 99 }] }, { changed: 1 }),
    );
    const md = renderMarkdown({ from: 'prod', to: 'pr_1', models: many }, noLineage);
    expect(md).not.toContain('&#95;');
    expect(md).toContain('| analytics.customer_orders_0 | breaking |');
  });
});

describe('formatNumberText', () => {
  test('trailing zeros, exponents, rounding half away from zero on the decimal text', async () => {
    const { formatNumberText, normalizeNumberText } = await import('../../src/diff/report/numbers');
    expect(normalizeNumberText('1819.6800000000000000')).toBe('1819.68');
    expect(normalizeNumberText('5.00')).toBe('5');
    expect(normalizeNumberText('-0.50')).toBe('-0.5');
    expect(normalizeNumberText('1e+15')).toBe('1000000000000000');
    expect(normalizeNumberText('1.5e-7')).toBe('0.00000015');
    expect(normalizeNumberText('1e+300')).toBe('1e+300');
    expect(normalizeNumberText('NaN')).toBe('NaN');
    expect(normalizeNumberText('abc')).toBe('abc');
    expect(formatNumberText('2.345', 2)).toBe('2.35');
    expect(formatNumberText('-2.345', 2)).toBe('-2.35');
    expect(formatNumberText('9.995', 2)).toBe('10');
    expect(formatNumberText('99.96', 1)).toBe('100');
    expect(formatNumberText('0.004', 2)).toBe('0');
    expect(formatNumberText('-0.004', 2)).toBe('0');
    expect(formatNumberText('12', 2)).toBe('12');
    expect(formatNumberText('123456789012345678901234.5', 0)).toBe('123456789012345678901235');
  });
});
