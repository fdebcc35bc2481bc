// The facade the CLI and the action call. Each function is one user-visible operation.
// (Signatures are the contract; implementations live in the sibling modules.)

import type { Engine } from '../engines/types';
import type { Project, Config } from '../project/types';
import type { DiffOptions, DiffResult, Lineage } from '../diff/types';
import type {
  ApplyResult,
  AuditResult,
  EnvironmentDetail,
  EnvironmentSummary,
  JanitorResult,
  Plan,
  Progress,
} from './types';

export interface Workspace {
  config: Config;
  /** Loaded lazily: commands such as `invalidate` or `janitor` must work with broken model files. */
  project(): Promise<Project>;
  engine(): Promise<Engine>;
  progress: Progress;
  close(): Promise<void>;
}

export interface OpenOptions {
  projectDir: string;
  env?: NodeJS.ProcessEnv;
  progress?: Progress;
  /** Use this engine instead of creating one from the config (tests, benchmarks). */
  engine?: Engine;
  /** Called before every statement (tests use it to simulate crashes). */
  onStatement?: (sql: string) => void;
  /**
   * Keep parsed model files for the next run (project/parse-cache; in VDE_CACHE_DIR, else the
   * user's cache folder): `codeId` names the build of vde. Off unless given; VDE_PARSE_CACHE
   * decides when it is given.
   */
  parseCache?: { codeId: string };
}

export interface DiffRequest {
  models?: string[];
  on?: string[];
  where?: string;
  samples: number;
  decimals?: number;
  /** Column profiles of changed models (default `auto`: tables of at most 100,000 rows). */
  profile?: DiffOptions['profile'];
  /** Progress: called after each model is compared. */
  onModel?: DiffOptions['onModel'];
}

export interface DiffOutcome {
  result: DiffResult;
  lineage: Lineage;
  /** Recorded audit results of the compared models' tables in the to-environment. */
  audits: AuditResult[];
}

export type { ApplyResult, EnvironmentDetail, EnvironmentSummary, JanitorResult, Plan };
export { openWorkspace } from './workspace';
export { PROD } from './naming';
export { planEnvironment, applyEnvironment, type PlanOptions } from './apply';
export { runEnvironment, type RunOptions, type RunResult } from './run';
export { invalidateEnvironment, listEnvironments, describeEnvironment } from './environment';
export { runJanitor } from './janitor';
export { diffEnvironments } from './compare';
