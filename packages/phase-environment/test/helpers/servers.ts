import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A free TCP port on 127.0.0.1 (nothing listens on it once this resolves). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The PostgreSQL server binaries (Debian's postgresql package), if installed. */
export function postgresBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(base, v, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
}

/** A running PostgreSQL server with one database owned by one role. */
export interface PostgresServer {
  port: number;
  database: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

function uidOf(user: string): { uid: number; gid: number } {
  const out = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts a real PostgreSQL server on 127.0.0.1 with a temporary data directory and a free port,
 * and creates `database` owned by `user` with `password`. Running as root, the server runs as
 * the `postgres` system user (initdb refuses root).
 */
export async function startPostgres(user: string, password: string, database: string): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (scripts/test.sh installs the postgresql package)');
  const base = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-pg-'));
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asRoot) {
    const { uid, gid } = uidOf('postgres');
    await chown(base, uid, gid);
  }
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...prefix, ...args] as [string, ...string[]];
    const result = spawnSync(cmd, rest, { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${args[0]} failed: ${result.stderr}${result.stdout}`);
  };
  const data = path.join(base, 'data');
  run([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  run([path.join(bin, 'pg_ctl'), '-D', data, '-o', opts, '-l', path.join(base, 'server.log'), '-w', '-t', '60', 'start']);
  // Local (socket) connections trust the postgres user; the role used over TCP needs its password.
  const sql = `CREATE ROLE "${user}" LOGIN PASSWORD '${password.replace(/'/g, "''")}'; CREATE DATABASE "${database}" OWNER "${user}";`;
  const sqlFile = path.join(base, 'init.sql');
  await writeFile(sqlFile, sql);
  await chmod(sqlFile, 0o644);
  run(['psql', '-h', base, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-f', sqlFile]);
  await rm(sqlFile, { force: true });
  return {
    port,
    database,
    user,
    password,
    async stop() {
      const args = [...prefix, path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
      spawnSync(args[0] as string, args.slice(1), { timeout: 60_000 });
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** A running redis-server (Debian's package: no RedisJSON / RediSearch modules). */
export interface RedisServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts redis-server on 127.0.0.1 with a free port, nothing persisted, optionally a password. */
export async function startRedis(password?: string): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...(password ? ['--requirepass', password] : [])];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    await delay(100);
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
