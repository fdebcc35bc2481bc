// The stand-in's catalog: Snowflake's databases, schemas, tables and views with their grants,
// kept in memory. Every table is a Postgres table `sf_data.o<id>` whatever its Snowflake name, so
// renames, moves between schemas and SWAP WITH change only this catalog (atomic, like
// Snowflake's), and Postgres never sees a Snowflake name (its 63-byte limit and case folding never
// leak through). Views have no Postgres object at all: the translator expands their stored text
// at query time, which is Snowflake's late binding (a view names what it reads; it is not bound
// to the objects that had those names when it was created).
import { SnowflakeError } from './errors';

export type ObjectKind = 'TABLE' | 'VIEW';

export interface Grant {
  privilege: string;
  role: string;
  grantOption: boolean;
  grantedBy: string;
  createdOn: Date;
}

export interface FutureGrant {
  privilege: string;
  /** TABLE or VIEW: the kind of object the grant applies to when created in the schema. */
  kind: ObjectKind;
  role: string;
}

export interface Database {
  id: number;
  name: string;
  owner: string;
  createdOn: Date;
  transient: boolean;
  grants: Grant[];
}

export interface Schema {
  id: number;
  databaseId: number;
  name: string;
  owner: string;
  createdOn: Date;
  transient: boolean;
  grants: Grant[];
  futureGrants: FutureGrant[];
}

export interface ViewDefinition {
  /** The Snowflake SELECT as written (shown by SHOW VIEWS / INFORMATION_SCHEMA.VIEWS). */
  text: string;
  /** The CREATE statement as written. */
  ddl: string;
  /** Columns fixed at creation (names and Snowflake types): the view always returns these. */
  columns: { name: string; type: string }[];
  /** Explicit column list given in CREATE VIEW v (a, b), if any. */
  columnList?: string[];
  secure: boolean;
}

export interface SfObject {
  id: number;
  schemaId: number;
  name: string;
  kind: ObjectKind;
  /** Table name inside the Postgres schema PG_DATA_SCHEMA (tables only). */
  pgName: string;
  owner: string;
  createdOn: Date;
  transient: boolean;
  grants: Grant[];
  /** Postgres oid of a table's relation (to trace result columns back to declared types). */
  pgOid?: number;
  /**
   * Snowflake types declared per column (CREATE TABLE with a column list), by column number
   * (Postgres attnum, as a string): TIMESTAMP_TZ, OBJECT and ARRAY are stored as types that
   * Postgres reports as something else.
   */
  declaredTypes: Map<string, string>;
  /** Columns declared PRIMARY KEY / UNIQUE: recorded, never enforced (as on Snowflake). */
  constraints: string[];
  view?: ViewDefinition;
  comment?: string;
}

/** The one Postgres schema holding every table's data. */
export const PG_DATA_SCHEMA = 'sf_data';

export interface ResolvedName {
  database: Database;
  schema: Schema;
  name: string;
}

export class Catalog {
  private nextId = 1;
  readonly databases = new Map<number, Database>();
  readonly schemas = new Map<number, Schema>();
  readonly objects = new Map<number, SfObject>();

  allocateId(): number {
    return this.nextId++;
  }

  // --- lookups (names are already normalized: folded or exact) ---

  database(name: string): Database | undefined {
    for (const d of this.databases.values()) if (d.name === name) return d;
    return undefined;
  }

  schema(database: Database, name: string): Schema | undefined {
    for (const s of this.schemas.values()) if (s.databaseId === database.id && s.name === name) return s;
    return undefined;
  }

  object(schema: Schema, name: string): SfObject | undefined {
    for (const o of this.objects.values()) if (o.schemaId === schema.id && o.name === name) return o;
    return undefined;
  }

  schemasOf(database: Database): Schema[] {
    return [...this.schemas.values()].filter((s) => s.databaseId === database.id).sort((a, b) => cmp(a.name, b.name));
  }

  objectsOf(schema: Schema): SfObject[] {
    return [...this.objects.values()].filter((o) => o.schemaId === schema.id).sort((a, b) => cmp(a.name, b.name));
  }

  schemaOf(object: SfObject): Schema {
    const s = this.schemas.get(object.schemaId);
    if (!s) throw new Error(`stand-in catalog: object ${object.id} has no schema`);
    return s;
  }

  databaseOf(schema: Schema): Database {
    const d = this.databases.get(schema.databaseId);
    if (!d) throw new Error(`stand-in catalog: schema ${schema.id} has no database`);
    return d;
  }

  fqnOfSchema(schema: Schema): string {
    return `${this.databaseOf(schema).name}.${schema.name}`;
  }

  fqnOf(object: SfObject): string {
    return `${this.fqnOfSchema(this.schemaOf(object))}.${object.name}`;
  }

  /** Looks up an object by its resolved name; null when it does not exist. */
  lookup(name: ResolvedName): SfObject | null {
    return this.object(name.schema, name.name) ?? null;
  }

  // --- changes ---

  addDatabase(name: string, owner: string, transient = false): Database {
    const db: Database = { id: this.allocateId(), name, owner, createdOn: new Date(), transient, grants: [] };
    this.databases.set(db.id, db);
    return db;
  }

  addSchema(database: Database, name: string, owner: string, transient: boolean): Schema {
    const id = this.allocateId();
    const schema: Schema = {
      id,
      databaseId: database.id,
      name,
      owner,
      createdOn: new Date(),
      transient: transient || database.transient,
      grants: [],
      futureGrants: [],
    };
    this.schemas.set(id, schema);
    return schema;
  }

  /** Registers an object (a table's Postgres table `pgName` already exists). */
  addObject(object: Omit<SfObject, 'createdOn'> & { createdOn?: Date }): SfObject {
    if (this.objects.has(object.id)) throw new Error(`stand-in catalog: object id ${object.id} reused`);
    const full: SfObject = { ...object, createdOn: object.createdOn ?? new Date() };
    this.objects.set(full.id, full);
    return full;
  }

  removeObject(object: SfObject): void {
    this.objects.delete(object.id);
  }

  removeSchema(schema: Schema): void {
    for (const o of this.objectsOf(schema)) this.objects.delete(o.id);
    this.schemas.delete(schema.id);
  }

  /** Future grants of the schema that apply to a new object of this kind. */
  futureGrantsFor(schema: Schema, kind: ObjectKind, grantedBy: string): Grant[] {
    return schema.futureGrants
      .filter((g) => g.kind === kind)
      .map((g) => ({ privilege: g.privilege, role: g.role, grantOption: false, grantedBy, createdOn: new Date() }));
  }

  requireDatabase(name: string): Database {
    const db = this.database(name);
    if (!db) throw SnowflakeError.databaseMissing(name);
    return db;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
