// The columns of every relation a diff compares, from ONE catalog query (DiffDialect.columnsQuery),
// however many models and columns there are.

import type { ColumnInfo, Dialect, Queryable, Relation } from '../engines/types';

const relationKey = (r: Relation) => `${r.schema}\u0000${r.name}`;

export interface Catalog {
  /** The relation's columns in order; empty when the relation does not exist. */
  columns(relation: Relation): ColumnInfo[];
}

export async function readCatalog(q: Queryable, d: Dialect, relations: Relation[]): Promise<Catalog> {
  const unique = [...new Map(relations.map((r) => [relationKey(r), r])).values()];
  const byRelation = new Map<string, ColumnInfo[]>();
  if (unique.length > 0) {
    const r = await q.query<Record<string, unknown>>(d.diff.columnsQuery(unique));
    for (const row of r.rows) {
      const key = relationKey({ schema: String(row.schema_name), name: String(row.table_name) });
      const list = byRelation.get(key) ?? [];
      list.push({ name: String(row.column_name), type: String(row.data_type) });
      byRelation.set(key, list);
    }
  }
  return { columns: (relation) => byRelation.get(relationKey(relation)) ?? [] };
}
