import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveEntry, ArchiveResult, Archiver } from '@exec-automator/core';

/** Options of {@link ObsidianArchiver}. */
export interface ObsidianArchiverOptions {
  /** The vault's folder on disk (it must exist: a typo must not create a stray vault). */
  vault: string;
  /** Folder inside the vault. Default `Projects/Exec-Automator` (the seed's). */
  folder?: string;
}

/** `Exec Automator, Inc.` → `exec-automator-inc`: safe in a note's file name. */
export function noteSlug(text: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'unnamed';
}

/**
 * The built-in archiver for an Obsidian vault (a folder of Markdown notes), as the seed's
 * "Archive to Obsidian" step does with `obsidian_append_content`:
 *
 * - a status report is appended to `<folder>/Deployments/<org>-<environment>-<date>.md`, one
 *   note per organization, environment and day (UTC), with YAML frontmatter on first write;
 * - the errors of a failed operation are appended to `<folder>/Errors/<org>-deployment-errors.md`.
 *
 * Notes are only ever appended to, never rewritten, so notes the operator annotated in Obsidian
 * keep their edits. Failures are returned, never thrown (archiving is not critical).
 *
 * @example
 * ```ts
 * const deployer = new Deployer({ phases, archivers: [new ObsidianArchiver({ vault: '/home/me/Vault' })] });
 * ```
 */
export class ObsidianArchiver implements Archiver {
  /** Archiver name. */
  readonly name = 'obsidian';
  readonly #vault: string;
  readonly #folder: string;

  /** @param options - the vault folder, and the folder inside it */
  constructor(options: ObsidianArchiverOptions) {
    if (typeof options?.vault !== 'string' || options.vault === '') {
      throw new TypeError(`Expected \`vault\` to be the path of an Obsidian vault folder, got ${JSON.stringify(options?.vault)}.`);
    }
    this.#vault = path.resolve(options.vault);
    this.#folder = options.folder ?? 'Projects/Exec-Automator';
  }

  /** The note an entry goes to (absolute path). */
  notePath(entry: Pick<ArchiveEntry, 'kind' | 'organization' | 'environment' | 'timestamp'>): string {
    const org = noteSlug(entry.organization);
    const name =
      entry.kind === 'deployment'
        ? `Deployments/${org}-${noteSlug(entry.environment)}-${entry.timestamp.slice(0, 10)}.md`
        : `Errors/${org}-deployment-errors.md`;
    return path.join(this.#vault, ...this.#folder.split('/'), ...name.split('/'));
  }

  /** Appends the entry to its note, creating the note with frontmatter first. */
  async archive(entry: ArchiveEntry): Promise<ArchiveResult> {
    const note = this.notePath(entry);
    try {
      const vault = await stat(this.#vault).catch(() => undefined);
      if (!vault?.isDirectory()) {
        return { archiver: this.name, ok: false, location: note, error: `the Obsidian vault ${this.#vault} does not exist` };
      }
      await mkdir(path.dirname(note), { recursive: true });
      try {
        // `wx`: the frontmatter is written by exactly one writer, even when two operations race.
        await writeFile(note, frontmatter(entry), { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      // One append per entry: concurrent writers interleave whole entries, never parts.
      await appendFile(note, section(entry), 'utf8');
      return { archiver: this.name, ok: true, location: note };
    } catch (error) {
      return { archiver: this.name, ok: false, location: note, error: (error as Error).message };
    }
  }
}

function frontmatter(entry: ArchiveEntry): string {
  const date = entry.timestamp.slice(0, 10);
  const quoted = (text: string) => JSON.stringify(text);
  const lines =
    entry.kind === 'deployment'
      ? [
          `title: ${quoted(`${entry.organization} ${entry.environment} deployments ${date}`)}`,
          `organization: ${quoted(entry.organization)}`,
          `environment: ${quoted(entry.environment)}`,
          `date: ${date}`,
          `tags: [exec-automator, deployment, ${noteSlug(entry.environment)}]`,
        ]
      : [
          `title: ${quoted(`${entry.organization} deployment errors`)}`,
          `organization: ${quoted(entry.organization)}`,
          `created: ${date}`,
          'tags: [exec-automator, deployment-errors]',
        ];
  return ['---', ...lines, '---', ''].join('\n');
}

function section(entry: ArchiveEntry): string {
  const heading =
    entry.kind === 'deployment'
      ? `## ${entry.timestamp} · ${entry.operationId} · ${entry.status}`
      : `## ${entry.timestamp} · ${entry.environment} · ${entry.operationId} · ${entry.status}`;
  return `\n${heading}\n\n${demoteHeadings(entry.markdown.trim())}\n`;
}

/**
 * Moves a document's headings down two levels (`#` → `###`), so it sits under the entry's own
 * heading; lines inside fenced code blocks (shell comments) are left alone.
 */
export function demoteHeadings(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced || !/^#{1,4} /.test(line)) return line;
      return `##${line}`;
    })
    .join('\n');
}
