// Public surface of the project layer: load config (vde.yaml and SQLMesh's config.yaml) and models
// from disk, lex SQL, find and rewrite references, order the graph, read seeds, audits and external
// models, validate environment names.
export { loadConfig, parseConfigText, parseDuration, findConfigFile, substituteEnv } from './config';
export { lex, significant, normalizeTokens, normalizeToken, isWord } from './lexer';
export type { Token, TokenType, LexOptions } from './lexer';
export { parseModelFile, attachReferences, analyzeSelect, unquoteString, PROJECTIONS_PLACEHOLDER, DEFAULT_SEED_BATCH_SIZE } from './model-parser';
export type { SelectShape } from './model-parser';
export { findReferences, referencesOf, rewriteReferences } from './references';
export { buildDag } from './dag';
export type { Dag } from './dag';
export { readSeedBatches, readSeedRows } from './seed';
export { loadSqlmeshConfig } from './sqlmesh-config';
export { BUILTIN_AUDITS, parseAuditCalls, parseAuditFile } from './audits';
export { loadExternalModels, parseExternalModels } from './external-models';
export { IGNORED_PROPERTIES, KNOWN_PROPERTIES } from './model-header';
export { unsupportedReason } from './support';
export { loadProject, listModelFiles } from './loader';
export { environmentName, pullRequestEnvironment, prodName, MAX_ENVIRONMENT_NAME_LENGTH } from './names';
export type * from './types';
