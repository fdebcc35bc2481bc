// A loopback Snowflake for tests and demos: the REST protocol snowflake-sdk speaks, over a real
// Postgres database, with a translation layer that is faithful rather than lenient (see
// docs/snowflake.md, "The stand-in"). Drive it only through the real snowflake-sdk.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StandInEngine, type StandInEngineOptions } from './engine';
import { StandInHttp } from './http';

export interface SnowflakeStandInOptions extends StandInEngineOptions {
  /** Statements running longer are answered "in progress" and polled by the driver (default 45 s). */
  pollAfterMs?: number;
  /** Port to listen on (default: a free one). Always loopback. */
  port?: number;
}

export class SnowflakeStandIn {
  private constructor(
    readonly engine: StandInEngine,
    readonly http: StandInHttp,
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(options: SnowflakeStandInOptions): Promise<SnowflakeStandIn> {
    const engine = await new StandInEngine(options).init();
    const http = new StandInHttp(engine, { pollAfterMs: options.pollAfterMs ?? 45_000 });
    const server = createServer((req, res) => {
      http.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ success: false, code: '000603', message: `stand-in failure: ${String(err)}`, data: null }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return new SnowflakeStandIn(engine, http, server, (server.address() as AddressInfo).port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get account(): string {
    return this.engine.account;
  }

  get history() {
    return this.engine.history;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.engine.close();
  }
}

export { DEFAULT_USERS } from './engine';
export type { UserConfig } from './session';
