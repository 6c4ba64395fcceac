export type { GhostDevErrorCode } from './errors.js';
export { GhostDevError, isGhostDevError } from './errors.js';
export type { EnsureGhostOptions, InstalledGhost, InstallRecord } from './install.js';
export { ensureGhost, readInstallRecord } from './install.js';
export { defaultCacheDir, defaultDataDir, GHOST_VERSION, NODE_VERSION } from './paths.js';
export type { GhostState, RunningGhost, StartGhostOptions } from './start.js';
export { isGhostServing, readState, startGhost, stopGhost } from './start.js';
