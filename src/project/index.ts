// Public surface of the project layer: load config and models from disk, lex SQL, find and rewrite
// references, order the graph, read seeds, validate environment names.
export { loadConfig, parseConfigText, parseDuration, findConfigFile, substituteEnv } from './config';
export { lex, significant, normalizeTokens, normalizeToken, isWord } from './lexer';
export type { Token, TokenType, LexOptions } from './lexer';
export { parseModelFile, attachReferences, analyzeSelect, unquoteString, PROJECTIONS_PLACEHOLDER, DEFAULT_SEED_BATCH_SIZE } from './model-parser';
export type { SelectShape } from './model-parser';
export { findReferences, referencesOf, rewriteReferences } from './references';
export { buildDag } from './dag';
export type { Dag } from './dag';
export { readSeedBatches, readSeedRows } from './seed';
export { loadProject, listModelFiles } from './loader';
export { environmentName, pullRequestEnvironment, prodName, MAX_ENVIRONMENT_NAME_LENGTH } from './names';
export type * from './types';
