export { defaultPhases } from '@exec-automator/pipeline';
export { createDeployer, parseEnvironment, type CommonOptions } from './context.js';
export { attachProgress, formatEvent, type ProgressOptions } from './progress.js';
export { EXIT_CODES, exitCodeFor } from './exit-codes.js';
export { buildProgram, main, VERSION } from './program.js';
export { renderCliReference } from './cli-reference.js';
