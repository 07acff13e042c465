import { z } from 'zod';
import { idProblem, workflowNameProblem } from '@exec-automator/core/util';

/**
 * Grammars of the ids a request names. Thread, run and execution ids are UUIDs (`uuidSchema`):
 * they name files (`<env>/server/threads/<id>.json`, `<env>/server/runs/<id>.json`). The ids
 * below name no file, but are held to core's grammars anyway, so `../../etc/passwd` or a NUL
 * byte is refused where it enters (`422 validation_error` naming the field), never looked up.
 */

/**
 * An assistant id, graph id, workflow name or seed workflow id: core's workflow-name grammar (no
 * path separator, `..`, NUL or other control character; at most 200 characters).
 */
export const workflowRefSchema = z.string().superRefine((value, ctx) => {
  const problem = workflowNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A checkpoint id: core's id grammar (letters, digits, `.`, `_`, `-`; no `..`, `/` or NUL). */
export const checkpointIdSchema = z.string().superRefine((value, ctx) => {
  const problem = idProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
