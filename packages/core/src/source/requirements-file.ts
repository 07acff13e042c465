import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** A requirement line with the file it was declared in. */
export interface DeclaredRequirement {
  /** The requirement (PEP 508), e.g. `langchain-openai>=0.2`. */
  line: string;
  /** Where it was declared (absolute path), for messages that say where to change it. */
  from: string;
}

/** What a `requirements.txt` declares. */
export interface RequirementsFileContent {
  /** Requirement lines (`-r` includes followed). */
  requirements: DeclaredRequirement[];
  /** Constraint lines (`-c` files). */
  constraints: DeclaredRequirement[];
  /** Local paths required (`-e ./pkg`, `./pkg`, `file:` URLs), absolute. */
  localPaths: Array<{ dir: string; from: string }>;
  /** Options that are not applied (index URLs, `--hash` is stripped silently). */
  ignoredOptions: Array<{ option: string; from: string }>;
}

/**
 * Reads a pip requirements file the way pip does for the parts a deployment needs: comments and
 * blank lines dropped, line continuations joined, `-r`/`--requirement` followed (relative to the
 * including file), `-c`/`--constraint` read as constraints, `-e ./path` and plain local paths
 * returned as local packages, per-requirement `--hash` options stripped, and other options
 * (index URLs, `--pre`) reported as not applied.
 */
export async function readRequirementsFile(file: string, seen: Set<string> = new Set()): Promise<RequirementsFileContent> {
  const result: RequirementsFileContent = { requirements: [], constraints: [], localPaths: [], ignoredOptions: [] };
  const absolute = path.resolve(file);
  if (seen.has(absolute)) return result;
  seen.add(absolute);
  const text = await readFile(absolute, 'utf8');
  const dir = path.dirname(absolute);
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const include = /^(-r|--requirement)(?:\s+|=)(.+)$/.exec(line);
    const constraint = /^(-c|--constraint)(?:\s+|=)(.+)$/.exec(line);
    const editable = /^(-e|--editable)(?:\s+|=)(.+)$/.exec(line);
    if (include || constraint) {
      const target = path.resolve(dir, ((include ?? constraint) as RegExpExecArray)[2] as string);
      const nested = await readRequirementsFile(target, seen).catch(() => undefined);
      if (!nested) {
        result.ignoredOptions.push({ option: line, from: absolute });
        continue;
      }
      if (include) {
        result.requirements.push(...nested.requirements);
        result.constraints.push(...nested.constraints);
      } else {
        result.constraints.push(...nested.requirements, ...nested.constraints);
      }
      result.localPaths.push(...nested.localPaths);
      result.ignoredOptions.push(...nested.ignoredOptions);
      continue;
    }
    const spec = editable ? (editable[2] as string).trim() : line;
    const local = localPath(spec, dir);
    if (local) {
      result.localPaths.push({ dir: local, from: absolute });
      continue;
    }
    if (editable || spec.startsWith('-')) {
      result.ignoredOptions.push({ option: line, from: absolute });
      continue;
    }
    result.requirements.push({ line: spec.replace(/\s+--hash[=\s]\S+/g, '').trim(), from: absolute });
  }
  return result;
}

/** The directory a requirement names when it is a local path (`.`, `./pkg`, `../x`, `file:` URL). */
function localPath(spec: string, dir: string): string | undefined {
  if (/^file:/.test(spec)) {
    try {
      return path.resolve(dir, decodeURIComponent(new URL(spec).pathname));
    } catch {
      return undefined;
    }
  }
  if (/^\.{1,2}(\/|$)/.test(spec) || spec.startsWith('/')) return path.resolve(dir, spec.split(/[\s[;]/)[0] as string);
  return undefined;
}
