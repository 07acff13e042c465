/**
 * `@exec-automator/core/source`: Reading a source: workflow discovery, langgraph.json projects, dependency declarations, the files a release holds, agent configs.
 *
 * @packageDocumentation
 */
export { discoverWorkflows } from '../source/discover.js';
export {
  LANGGRAPH_CONFIG_FILE,
  LANGGRAPH_CONFIG_KEYS,
  LANGGRAPH_DOCKER_ONLY_KEYS,
  readLanggraphConfig,
  type LanggraphConfigIssue,
  type LanggraphGraph,
  type LanggraphProject,
} from '../source/langgraph-config.js';
export { jsonErrorLocation, lineOfKey } from '../source/json-location.js';
export { specsFromRelease } from '../source/release-source.js';
export {
  agentConfigFileName,
  keyOf,
  parseWorkflowFileName,
  releasedWorkflowFile,
  slugOf,
  testsFileName,
} from '../source/workflow-spec.js';
export {
  readSourceProject,
  readUvLockPins,
  type LocalDependency,
  type ProjectIssue,
  type SourceProject,
} from '../source/project.js';
export { readRequirementsFile, type DeclaredRequirement, type RequirementsFileContent } from '../source/requirements-file.js';
export {
  filesHoldingSecrets,
  hashProjectFiles,
  listProjectFiles,
  type ExcludedPath,
  type ExclusionReason,
  type ListProjectFilesOptions,
  type ProjectFiles,
} from '../source/project-tree.js';
export {
  planReleaseFiles,
  planReleaseFilesFor,
  releasedAgentConfig,
  releasedTests,
  type ReleaseFileCopy,
  type ReleaseFilePlan,
  type ReleaseFilePlanInput,
  type ReleasePathConflict,
} from '../source/release-plan.js';
export { stageLocalPackage, type StagedPackage } from '../source/local-packages.js';
export { readProjectEnv, type ProjectEnv } from '../source/project-env.js';
export {
  AGENT_CONFIG_FIELD_FORMS,
  agentConfigSchema,
  agentToolSchema,
  hitlCheckpointSchema,
  hitlReviewersSchema,
  MONITORING_METRICS,
  REQUIRED_AGENT_FIELDS,
  type AgentConfig,
} from '../schemas/agent-config.js';
export { linkOutsideRule, PathPolicy, type PathPolicyOptions, type SourcePathCheck } from '../source/path-policy.js';
export { realDeepest, type SourcePathKind, type SourcePathRef, sourcePathRefs } from '../source/source-paths.js';
