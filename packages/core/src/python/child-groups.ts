/**
 * The process groups this process started (runner workers, installers), so they end with it:
 * on a normal exit, on an error that ends the process, and (for hosts that call
 * {@link endChildGroups} from their signal handlers, like the CLI) on a signal. A SIGKILL of
 * this process cannot be handled here: the children watch for it themselves (the runner's and
 * the installer guard's parent-death watches).
 */
const live = new Set<number>();
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: process.kill is.
  process.on('exit', () => endChildGroups());
}

/** Records a child that leads its own process group (started detached). */
export function trackChildGroup(pid: number | undefined): void {
  if (pid === undefined || pid <= 0) return;
  hook();
  live.add(pid);
}

/** Forgets a child group once its leader has exited and been reaped. */
export function untrackChildGroup(pid: number | undefined): void {
  if (pid !== undefined) live.delete(pid);
}

/** How many child groups are live (tests, diagnostics). */
export function childGroupCount(): number {
  return live.size;
}

/** Sends `signal` (default SIGKILL) to every live child group, synchronously, and forgets them. */
export function endChildGroups(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of [...live]) {
    live.delete(pid);
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }
}
