// Starts the whole system (go run ./infra/run: moto, the dev server, the
// built portal) on a free port, waits until /healthz answers, and stops it
// after the tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < end) {
    if (exited) throw new Error(`go run ./infra/run exited early; see ${join(here, '.server.log')}`);
    try {
      const r = await fetch(url + '/healthz');
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the system did not answer ${url}/healthz within ${deadlineMs / 1000}s`);
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`missing ${CHROMIUM}: the portal's end-to-end tests drive Debian's Chromium (as root: apt-get install -y chromium)`);
  }
  if (!existsSync(join(repo, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is not built: run make portal (make e2e builds it first)');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(join(here, 'screenshots'), { recursive: true });
  const log = createWriteStream(join(here, '.server.log'));
  const child = spawn('go', ['run', './infra/run'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), SRM_PORTAL_DIR: join(repo, 'web', 'dist') },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitHealthy(url, child, 180_000);
  } catch (e) {
    await stop();
    throw e;
  }
  project.provide('baseURL', url);
  return stop;
}
