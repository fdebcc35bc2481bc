// Every statement the stand-in received, with the session's QUERY_TAG at the time: what
// SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY shows on Snowflake. Tests read it directly
// (`standIn.history`) or through SQL; the standalone server also serves it at /stand-in/history.

export interface QueryRecord {
  queryId: string;
  sessionId: string;
  userName: string;
  roleName: string;
  warehouseName: string | null;
  databaseName: string | null;
  schemaName: string | null;
  queryTag: string;
  queryText: string;
  /** First keyword(s) of the statement, upper-cased (SELECT, CREATE_TABLE_AS_SELECT, ...). */
  queryType: string;
  executionStatus: 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR';
  errorCode: string | null;
  errorMessage: string | null;
  startTime: Date;
  endTime: Date | null;
  rowsProduced: number | null;
}

export class QueryHistory {
  readonly records: QueryRecord[] = [];
  private readonly byId = new Map<string, QueryRecord>();

  add(record: QueryRecord): QueryRecord {
    this.records.push(record);
    this.byId.set(record.queryId, record);
    return record;
  }

  get(queryId: string): QueryRecord | undefined {
    return this.byId.get(queryId);
  }

  /** Query tags seen, in order, without repeats. */
  tags(): string[] {
    return [...new Set(this.records.map((r) => r.queryTag))];
  }
}
