/** Options of {@link postJson}. */
export interface DeliveryOptions {
  /** Time limit for the whole delivery, retries included. */
  timeoutMs: number;
  /** Retries after the first attempt (on 429, 5xx and network errors). */
  retries: number;
  /** First backoff delay; doubled per retry, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Cancels the delivery. */
  signal?: AbortSignal | undefined;
  /** Extra request headers. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** How a delivery went. Never holds the URL: webhook URLs are credentials. */
export interface DeliveryResult {
  /** True on a 2xx answer. */
  ok: boolean;
  /** Attempts made. */
  attempts: number;
  /** Last HTTP status. */
  status?: number;
  /** Why it failed. */
  error?: string;
  /** Time spent. */
  durationMs: number;
}

/** HTTP statuses worth another attempt: rate limited, or the receiver failed. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Backoff before retry `n` (1-based): `base * 2^(n-1)` ± 20 %, or the server's Retry-After. */
export function backoffMs(n: number, baseMs: number, retryAfter: string | null): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const jitter = 0.8 + Math.random() * 0.4;
  return Math.round(baseMs * 2 ** (n - 1) * jitter);
}

/** The network failure behind a fetch error (`ECONNREFUSED`), without the URL. */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return 'timed out';
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** Resolves after `ms`, or early when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * POSTs `body` as JSON with retries: on 429 and 5xx answers and network errors it waits (the
 * server's `Retry-After`, else exponential backoff) and tries again, within one overall time
 * limit. Never throws; the result says what happened without naming the URL.
 */
export async function postJson(url: string, body: unknown, options: DeliveryOptions): Promise<DeliveryResult> {
  const started = performance.now();
  const deadline = Date.now() + options.timeoutMs;
  const elapsed = (): number => Math.round(performance.now() - started);
  const payload = JSON.stringify(body);
  let attempts = 0;
  let status: number | undefined;
  let error = 'not attempted';
  for (;;) {
    const remaining = deadline - Date.now();
    if (options.signal?.aborted) return { ok: false, attempts, ...(status ? { status } : {}), error: 'cancelled', durationMs: elapsed() };
    if (remaining <= 0) return { ok: false, attempts, ...(status ? { status } : {}), error: `${error}; gave up after ${options.timeoutMs} ms`, durationMs: elapsed() };
    attempts += 1;
    let retryAfter: string | null = null;
    try {
      const signals = [AbortSignal.timeout(remaining), ...(options.signal ? [options.signal] : [])];
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'exec-automator', ...options.headers },
        body: payload,
        signal: AbortSignal.any(signals),
      });
      status = response.status;
      const text = await response.text().catch(() => '');
      if (response.ok) return { ok: true, attempts, status, durationMs: elapsed() };
      error = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      if (!isRetryableStatus(response.status)) return { ok: false, attempts, status, error, durationMs: elapsed() };
      retryAfter = response.headers.get('retry-after');
    } catch (caught) {
      error = networkError(caught);
    }
    if (attempts > options.retries) return { ok: false, attempts, ...(status ? { status } : {}), error, durationMs: elapsed() };
    const wait = backoffMs(attempts, options.baseDelayMs ?? 500, retryAfter);
    if (Date.now() + wait >= deadline) {
      return { ok: false, attempts, ...(status ? { status } : {}), error: `${error}; no time left to retry`, durationMs: elapsed() };
    }
    await sleep(wait, options.signal);
  }
}
