/** A document to archive after an operation (a status report, or the errors of a failure). */
export interface ArchiveEntry {
  /** `deployment` for the status report, `error` for the errors of a failed operation. */
  kind: 'deployment' | 'error';
  /** Environment. */
  environment: string;
  /** Organization name. */
  organization: string;
  /** Deployment id. */
  operationId: string;
  /** Outcome. */
  status: 'SUCCESS' | 'FAILED' | 'PARTIAL';
  /** ISO time. */
  timestamp: string;
  /** The Markdown to archive (already free of secret values). */
  markdown: string;
}

/** What an archiver did. */
export interface ArchiveResult {
  /** Archiver name. */
  archiver: string;
  /** True when the entry was stored. */
  ok: boolean;
  /** Where it went (a path or URL). */
  location?: string;
  /** Why it failed. */
  error?: string;
}

/**
 * Stores operation reports somewhere lasting (an Obsidian vault, a wiki, a bucket). Never called
 * in a dry-run. A failure is returned, never thrown.
 */
export interface Archiver {
  /** Unique name, e.g. `obsidian`. */
  readonly name: string;
  /** Archives one entry. */
  archive(entry: ArchiveEntry): Promise<ArchiveResult>;
}
