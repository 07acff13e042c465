#!/usr/bin/env node
// Import boundaries between the workspace packages, checked on every source file under
// packages/*/src (and fails with one line per violation):
//   - core imports no other workspace package;
//   - a phase package (phase-*) imports another phase package only for types (`import type`);
//   - no file imports another package's src/ (relative paths out of its package, or a
//     `@exec-automator/<pkg>/src/...` specifier): packages meet through their exports only;
//   - every workspace package imported at run time is a dependency in the importer's package.json;
//   - the run-time import graph between packages has no cycle.
// Usage: node scripts/check-boundaries.mjs [repo root]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SCOPE = '@exec-automator/';

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(m?ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every module specifier of `file` with whether it is needed at run time. */
export function importsOf(file, text = readFileSync(file, 'utf8')) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      let typeOnly = ts.isImportDeclaration(node) ? Boolean(node.importClause?.isTypeOnly) : node.isTypeOnly;
      const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
      if (!typeOnly && bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings)) && bindings.elements.length > 0) {
        typeOnly = bindings.elements.every((e) => e.isTypeOnly) && !(ts.isImportDeclaration(node) && node.importClause?.name);
      }
      found.push({ specifier: node.moduleSpecifier.text, typeOnly, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The violations in the workspace at `root`, one message each. */
export function checkBoundaries(root) {
  const packagesDir = path.join(root, 'packages');
  const packages = readdirSync(packagesDir).filter((name) => {
    try {
      return statSync(path.join(packagesDir, name, 'package.json')).isFile();
    } catch {
      return false;
    }
  });
  const byName = new Map();
  for (const dir of packages) {
    const manifest = JSON.parse(readFileSync(path.join(packagesDir, dir, 'package.json'), 'utf8'));
    byName.set(manifest.name, { dir, manifest });
  }
  const dirOf = (name) => byName.get(name)?.dir;
  const violations = [];
  const runtimeEdges = new Map(packages.map((p) => [p, new Set()]));
  for (const dir of packages) {
    const src = path.join(packagesDir, dir, 'src');
    let files;
    try {
      files = sourceFiles(src);
    } catch {
      continue;
    }
    const manifest = [...byName.values()].find((p) => p.dir === dir).manifest;
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    for (const file of files) {
      const where = (line) => `${path.relative(root, file)}:${line}`;
      for (const { specifier, typeOnly, line } of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          if (!target.startsWith(path.join(packagesDir, dir) + path.sep)) {
            violations.push(`${where(line)}: imports ${specifier}, outside its package (use the other package's exports)`);
          }
          continue;
        }
        if (!specifier.startsWith(SCOPE)) continue;
        const [scope, pkg, ...rest] = specifier.split('/');
        const name = `${scope}/${pkg}`;
        const targetDir = dirOf(name);
        if (targetDir === undefined) continue;
        if (rest[0] === 'src') violations.push(`${where(line)}: imports ${specifier}: another package's src/ (use its exports)`);
        if (targetDir === dir) continue;
        if (dir === 'core') violations.push(`${where(line)}: core imports ${name}; core imports no other workspace package`);
        if (dir.startsWith('phase-') && targetDir.startsWith('phase-') && !typeOnly) {
          violations.push(`${where(line)}: ${dir} imports ${name} at run time; phase packages share only types (import type)`);
        }
        if (!typeOnly) {
          runtimeEdges.get(dir).add(targetDir);
          if (!declared.has(name)) violations.push(`${where(line)}: imports ${name}, which packages/${dir}/package.json does not list in dependencies`);
        }
      }
    }
  }
  // cycles in the run-time graph (depth-first search, reporting each cycle once)
  const state = new Map();
  const stack = [];
  const seen = new Set();
  const walk = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of runtimeEdges.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next].join(' -> ');
        if (!seen.has(cycle)) {
          seen.add(cycle);
          violations.push(`import cycle between packages: ${cycle}`);
        }
      } else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of runtimeEdges.keys()) if (!state.has(node)) walk(node);
  return violations;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkBoundaries(root);
  for (const v of violations) console.error(v);
  if (violations.length > 0) {
    console.error(`${violations.length} import boundary violation(s)`);
    process.exit(1);
  }
  console.log('import boundaries: ok');
}
