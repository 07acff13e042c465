/**
 * `@exec-automator/core/python`: The Python bridge: interpreters, venvs and locks, requirements, runner workers and their protocol, child processes, the environment workflow processes see, the result cache.
 *
 * @packageDocumentation
 */
export { PythonBridge, defaultCacheDir, type PythonBridgeOptions } from '../python/python-bridge.js';
export { findPython, isSupportedPython, MIN_PYTHON, PYTHON_CANDIDATES, probePython, type PythonInfo } from '../python/find-python.js';
export {
  ensureVenv,
  resolveInstaller,
  venvHash,
  VENV_MARKER,
  type EnsureVenvOptions,
  type Installer,
  type InstallerChoice,
  type InstallerRun,
  type Venv,
} from '../python/venv-manager.js';
export { lockHeader, lockPins, lockRequirements, type LockOptions } from '../python/lock.js';
export {
  RunnerWorker,
  runnerScriptPath,
  runnerVersion,
  type RequestOptions,
  type RunnerWorkerOptions,
} from '../python/runner-worker.js';
export { cacheKey, filesUnder, ResultCache, type CachedResultKind, type CacheHit } from '../cache/result-cache.js';
export {
  analysisKey,
  inspectionKey,
  testCaseKey,
  venvQueryKey,
  workflowDependencyFiles,
  type GraphIdentity,
} from '../cache/check-keys.js';
export type * from '../python/runner-protocol.js';
export {
  BASE_REQUIREMENTS,
  buildRequirements,
  distributionFor,
  WELL_KNOWN_DISTRIBUTIONS,
  requirementName,
  type Requirements,
  type RequirementsInput,
} from '../python/requirements.js';
export { runCommand, killGroup, type CommandResult, type RunCommandOptions } from '../python/process.js';
export { childGroupCount, endChildGroups, trackChildGroup, untrackChildGroup } from '../python/child-groups.js';
export { checkpointRunnerSecrets, workflowProcessEnv, workflowRequestEnv } from '../python/runtime-env.js';
export { inheritedEnv, installerEnv, INHERITED_PREFIXES, INHERITED_VARIABLES, NEVER_INHERITED } from '../python/process-env.js';
