import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type EnvironmentLayout, deployError } from '@exec-automator/core';
import { writeFileExclusive, writeJsonAtomic, assertDeploymentId } from '@exec-automator/core/util';
import type { Review } from './review-model.js';

/** The directory of review files, `<env>/reviews` (beside `executions/`, outside the releases). */
export function reviewsDir(layout: EnvironmentLayout): string {
  return path.join(layout.dir, 'reviews');
}

/** Review ids are file names: one safe path component (`INVALID_ARGUMENT` otherwise). */
function checkedId(reviewId: string): string {
  return assertDeploymentId(reviewId, 'review id');
}

/**
 * The reviews of one environment: one JSON file each, written atomically (a reader sees the old
 * or the new file, never a part). Updates of one process are serialized per review; a decision
 * between processes (a server's timeout sweep and a CLI `reviews approve`) is settled by an
 * exclusive claim file, so a review is decided once.
 */
export class ReviewStore {
  readonly #layout: EnvironmentLayout;
  readonly #chains = new Map<string, Promise<unknown>>();

  /** @param layout - the environment */
  constructor(layout: EnvironmentLayout) {
    this.#layout = layout;
  }

  /** The directory of the review files. */
  get dir(): string {
    return reviewsDir(this.#layout);
  }

  #file(reviewId: string): string {
    return path.join(this.dir, `${checkedId(reviewId)}.json`);
  }

  /** Writes a new (or whole) review. */
  async write(review: Review): Promise<void> {
    await writeJsonAtomic(this.#file(review.review_id), review, { fsync: false });
  }

  /** The review, or undefined. */
  async read(reviewId: string): Promise<Review | undefined> {
    let text: string;
    try {
      text = await readFile(this.#file(reviewId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as Review;
    } catch {
      return undefined;
    }
  }

  /** The review; `REVIEW_NOT_FOUND` (HTTP 404) when there is none. */
  async get(reviewId: string): Promise<Review> {
    const review = await this.read(reviewId);
    if (!review) {
      throw deployError('REVIEW_NOT_FOUND', `No review "${reviewId}" in ${this.#layout.environment}: \`exec-automator reviews --all --environment=${this.#layout.environment}\` lists them.`, {
        details: { review_id: reviewId, status: 404 },
      });
    }
    return review;
  }

  /** Every review, oldest first. */
  async list(): Promise<Review[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const reviews = await Promise.all(names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => this.read(n.slice(0, -'.json'.length))));
    return reviews.filter((r): r is Review => r !== undefined).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** Reads, changes and writes a review; changes of this process to one review run one after another. */
  async update(reviewId: string, change: (review: Review) => Review): Promise<Review> {
    const previous = this.#chains.get(reviewId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const updated = change(await this.get(reviewId));
      await this.write(updated);
      return updated;
    });
    this.#chains.set(reviewId, next.catch(() => undefined));
    return next;
  }

  /**
   * Claims `step` of a review for this caller (`decision`, `escalation`): true for the first
   * claim of any process, false after. The claim file stays as the proof of who claimed it.
   */
  async claim(reviewId: string, step: 'decision' | 'escalation', by: string): Promise<boolean> {
    try {
      await writeFileExclusive(path.join(this.dir, `.${checkedId(reviewId)}.${step}.claim`), `${JSON.stringify({ by, pid: process.pid, at: new Date().toISOString() })}\n`);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }
}
