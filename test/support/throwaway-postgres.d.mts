export interface ThrowawayPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}
export function startThrowawayPostgres(options?: { label?: string; flags?: string[] }): Promise<ThrowawayPostgres>;
