import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { pathExists } from '../util/path-exists.js';
import { LANGGRAPH_CONFIG_FILE } from './langgraph-config.js';
import { readRequirementsFile, type DeclaredRequirement } from './requirements-file.js';

/** A local dependency of a project (`"."` or `"./pkg"` in `langgraph.json` `dependencies`). */
export interface LocalDependency {
  /** As written in `dependencies` (or the requirements line that named it). */
  spec: string;
  /** Absolute directory. */
  dir: string;
  /** The directory relative to the project root (posix; `''` for the root itself). */
  relative: string;
  /**
   * `package`: has `pyproject.toml` or `setup.py`, installed into the venv like a wheel (never
   * editable). `faux`: a plain directory of modules, put on `sys.path` as `langgraph dev` does,
   * with its `requirements.txt` installed.
   */
  kind: 'package' | 'faux';
  /** The distribution name (`[project] name` of `pyproject.toml`), when declared. */
  name?: string;
  /** The directories to put on `sys.path` for it (faux packages; `src/` of a package for static reading). */
  importRoots: string[];
}

/** A problem found while reading what a project declares. */
export interface ProjectIssue {
  /** Validation code. */
  code: 'DEPENDENCY_NOT_FOUND' | 'DEPENDENCY_FILE_INVALID' | 'DEPENDENCY_OPTION_IGNORED';
  /** Error blocks the deployment; warning is reported. */
  severity: 'error' | 'warning';
  /** What is wrong. */
  message: string;
  /** The file it is in. */
  file: string;
  /** How to fix it. */
  fix?: string;
}

/** What a source directory declares about dependencies and imports. */
export interface SourceProject {
  /** The project root (absolute, real path): the directory holding `langgraph.json` or the workflow files. */
  root: string;
  /** True when the source has a `langgraph.json` (a LangGraph project); false for the seed's flat format. */
  langgraph: boolean;
  /** Local packages and module directories to install or put on `sys.path`. */
  localDependencies: LocalDependency[];
  /** Requirement strings declared by the project (langgraph.json, requirements.txt, pyproject.toml). */
  requirements: DeclaredRequirement[];
  /** Exact pins from `uv.lock` (`name==version`), applied as constraints: they win over ranges. */
  constraints: DeclaredRequirement[];
  /** Directories imports are resolved from by static reading: the root, faux packages, `src/` layouts. */
  importRoots: string[];
  /**
   * Directories put on `sys.path` when the project runs, as `langgraph dev` does: the root and the
   * module directories of faux packages (real packages are installed into the venv instead).
   */
  sysPath: string[];
  /** The files that declare dependencies (for messages that say where to add one). */
  declarationFiles: string[];
  /** Problems found. */
  issues: ProjectIssue[];
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

/** `[project] name` and `dependencies` of a pyproject.toml; throws on invalid TOML. */
async function readPyproject(file: string): Promise<{ name?: string; dependencies: string[]; srcDir: boolean }> {
  const toml = parseToml(await readFile(file, 'utf8')) as Record<string, unknown>;
  const project = (toml.project ?? {}) as { name?: unknown; dependencies?: unknown };
  const deps = Array.isArray(project.dependencies) ? project.dependencies.filter((d): d is string => typeof d === 'string') : [];
  return { ...(typeof project.name === 'string' ? { name: project.name } : {}), dependencies: deps, srcDir: await isDir(path.join(path.dirname(file), 'src')) };
}

/**
 * Exact pins of a `uv.lock`: every package resolved from an index at a single version. Packages
 * the lock resolves to several versions (for different platforms or Pythons) and the project's
 * own packages are left out: a constraint must hold everywhere.
 */
export async function readUvLockPins(file: string): Promise<string[]> {
  const toml = parseToml(await readFile(file, 'utf8')) as { package?: Array<{ name?: unknown; version?: unknown; source?: unknown }> };
  const versions = new Map<string, Set<string>>();
  for (const pkg of toml.package ?? []) {
    const source = (pkg.source ?? {}) as Record<string, unknown>;
    if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string' || typeof source.registry !== 'string') continue;
    const set = versions.get(pkg.name) ?? new Set<string>();
    set.add(pkg.version);
    versions.set(pkg.name, set);
  }
  return [...versions.entries()]
    .filter(([, v]) => v.size === 1)
    .map(([name, v]) => `${name}==${[...v][0] as string}`)
    .sort();
}

async function localDependency(root: string, spec: string, dir: string): Promise<LocalDependency> {
  const entries = await readdir(dir);
  const relative = toPosix(path.relative(root, dir));
  if (entries.includes('pyproject.toml') || entries.includes('setup.py')) {
    let name: string | undefined;
    let srcDir = await isDir(path.join(dir, 'src'));
    if (entries.includes('pyproject.toml')) {
      const py = await readPyproject(path.join(dir, 'pyproject.toml')).catch(() => undefined);
      name = py?.name;
      srcDir = py?.srcDir ?? srcDir;
    }
    return { spec, dir, relative, kind: 'package', ...(name ? { name } : {}), importRoots: [srcDir ? path.join(dir, 'src') : dir] };
  }
  // langgraph-cli: a directory with __init__.py is a flat-layout package (its parent is the
  // import root); any other directory holds the modules themselves.
  const flat = entries.includes('__init__.py');
  return { spec, dir, relative, kind: 'faux', importRoots: [flat ? path.dirname(dir) : dir] };
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Reads what a source directory declares, the way the LangGraph CLI reads a project:
 * `langgraph.json` `dependencies` (local directories — packages with `pyproject.toml`/`setup.py`,
 * or plain module directories with an optional `requirements.txt` — and requirement strings),
 * the root's `requirements.txt` and `pyproject.toml` dependencies, and `uv.lock` pins. Never
 * throws for a bad declaration: problems are returned in `issues`.
 */
export async function readSourceProject(sourceDir: string): Promise<SourceProject> {
  const root = await realpath(sourceDir);
  const configFile = path.join(root, LANGGRAPH_CONFIG_FILE);
  const project: SourceProject = {
    root,
    langgraph: await pathExists(configFile),
    localDependencies: [],
    requirements: [],
    constraints: [],
    importRoots: [root],
    sysPath: [root],
    declarationFiles: [],
    issues: [],
  };
  const addLocal = async (spec: string, dir: string, from: string): Promise<void> => {
    if (!(await isDir(dir))) {
      project.issues.push({
        code: 'DEPENDENCY_NOT_FOUND', severity: 'error', file: from,
        message: `Could not find local dependency: ${dir}`, fix: `create the directory or correct "${spec}"`,
      });
      return;
    }
    const real = await realpath(dir);
    if (project.localDependencies.some((d) => d.dir === real)) return;
    if (!isInside(real, root)) {
      project.issues.push({
        code: 'DEPENDENCY_NOT_FOUND', severity: 'error', file: from,
        message: `Local dependency ${spec} is outside the project (${real}); only the project directory is released`,
        fix: 'move the package into the project directory',
      });
      return;
    }
    const dep = await localDependency(root, spec, real);
    project.localDependencies.push(dep);
    for (const r of dep.importRoots) if (!project.importRoots.includes(r)) project.importRoots.push(r);
    if (dep.kind === 'faux') for (const r of dep.importRoots) if (!project.sysPath.includes(r)) project.sysPath.push(r);
  };
  const addRequirementsFile = async (file: string): Promise<void> => {
    try {
      const content = await readRequirementsFile(file);
      project.declarationFiles.push(file);
      project.requirements.push(...content.requirements);
      project.constraints.push(...content.constraints);
      for (const local of content.localPaths) await addLocal(toPosix(path.relative(path.dirname(file), local.dir)) || '.', local.dir, local.from);
      for (const ignored of content.ignoredOptions) {
        project.issues.push({
          code: 'DEPENDENCY_OPTION_IGNORED', severity: 'warning', file: ignored.from,
          message: `"${ignored.option}" is not applied: exec-automator installs from the configured package index only`,
        });
      }
    } catch (error) {
      project.issues.push({ code: 'DEPENDENCY_FILE_INVALID', severity: 'error', file, message: `Cannot read ${file}: ${(error as Error).message}` });
    }
  };

  let dependencies: unknown[] = [];
  if (project.langgraph) {
    try {
      const json = JSON.parse(await readFile(configFile, 'utf8')) as { dependencies?: unknown };
      if (Array.isArray(json.dependencies)) dependencies = json.dependencies;
      project.declarationFiles.push(configFile);
    } catch {
      // reported by the langgraph.json checks
    }
  }
  for (const dep of dependencies) {
    if (typeof dep !== 'string' || !dep.trim()) continue;
    if (dep.startsWith('.') || dep.startsWith('/')) await addLocal(dep, path.resolve(root, dep), configFile);
    else project.requirements.push({ line: dep.trim(), from: configFile });
  }
  const rootIsPackage = project.localDependencies.some((d) => d.dir === root && d.kind === 'package');
  const rootIsFaux = project.localDependencies.some((d) => d.dir === root && d.kind === 'faux');
  // requirements.txt of every faux package (langgraph-cli installs them), and the root's.
  for (const dep of project.localDependencies.filter((d) => d.kind === 'faux')) {
    const file = path.join(dep.dir, 'requirements.txt');
    if (await pathExists(file)) await addRequirementsFile(file);
  }
  const rootRequirements = path.join(root, 'requirements.txt');
  if (!rootIsFaux && (await pathExists(rootRequirements))) await addRequirementsFile(rootRequirements);
  const pyproject = path.join(root, 'pyproject.toml');
  if (!rootIsPackage && (await pathExists(pyproject))) {
    try {
      const py = await readPyproject(pyproject);
      project.declarationFiles.push(pyproject);
      project.requirements.push(...py.dependencies.map((line) => ({ line, from: pyproject })));
      if (py.srcDir && !project.importRoots.includes(path.join(root, 'src'))) project.importRoots.push(path.join(root, 'src'));
    } catch (error) {
      project.issues.push({ code: 'DEPENDENCY_FILE_INVALID', severity: 'error', file: pyproject, message: `Invalid TOML in ${pyproject}: ${(error as Error).message}` });
    }
  } else if (rootIsPackage) {
    project.declarationFiles.push(pyproject);
  }
  const uvLock = path.join(root, 'uv.lock');
  if (await pathExists(uvLock)) {
    try {
      const own = new Set(project.localDependencies.map((d) => d.name?.toLowerCase().replace(/[-_.]+/g, '-')).filter(Boolean));
      const pins = (await readUvLockPins(uvLock)).filter((p) => !own.has((p.split('==')[0] as string).toLowerCase().replace(/[-_.]+/g, '-')));
      project.constraints.push(...pins.map((line) => ({ line, from: uvLock })));
    } catch (error) {
      project.issues.push({ code: 'DEPENDENCY_FILE_INVALID', severity: 'error', file: uvLock, message: `Invalid TOML in ${uvLock}: ${(error as Error).message}` });
    }
  }
  return project;
}
