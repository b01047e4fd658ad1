// Starts the real Frontline server jar on a free port with a fresh data directory, and a
// headless Debian Chromium through playwright-core. The server log is kept and printed only
// when a test fails (call dumpLogIfFailed from an afterEach).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../../..');
export const ADMIN_PASSWORD = 'admin-pass-e2e-1';
export const DEMO_PASSWORD = 'demo1234';

let javaBin = null;

/** The java of a JDK >= 21, found as ./run finds it (scripts/java-env.sh). */
function javaCommand() {
  if (!javaBin) {
    const home = execFileSync('bash', ['-c', '. scripts/java-env.sh && frontline_find_jdk && printf %s "$JAVA_HOME"'],
      { cwd: REPO, encoding: 'utf8' });
    javaBin = path.join(home, 'bin', 'java');
  }
  return javaBin;
}

/** Starts the server; resolves once /healthz answers 200. */
export async function startServer(extraEnv = {}) {
  const jar = process.env.FRONTLINE_JAR || path.join(REPO, 'server/target/frontline.jar');
  if (!existsSync(jar)) {
    throw new Error(`server jar not found at ${jar}: build it with mvn -DskipTests package, or set FRONTLINE_JAR`);
  }
  const data = await mkdtemp(path.join(tmpdir(), 'frontline-e2e-'));
  const env = {
    ...process.env,
    FRONTLINE_PORT: '0',
    FRONTLINE_DATA: data,
    FRONTLINE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FRONTLINE_DEMO: '1',
    ...extraEnv,
  };
  const jvm = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '--enable-native-access=ALL-UNNAMED'];
  let launch = ['-jar', jar];
  if (process.env.FRONTLINE_E2E_WEB_FROM_SOURCE === '1') {
    // Serve webclient/src/main/web straight from the source tree (no jar rebuild while editing):
    // a class-path entry ahead of the jar holding web/ -> the sources.
    const root = path.join(data, 'webroot');
    await mkdir(root);
    await symlink(path.join(REPO, 'webclient/src/main/web'), path.join(root, 'web'));
    launch = ['-cp', `${root}${path.delimiter}${jar}`, 'dev.frontline.server.Main'];
  }
  const serverEnv = { ...env, FRONTLINE_DATA: path.join(data, 'data') };
  const log = [];
  let run = await launchJava([...jvm, ...launch], serverEnv, log);
  const port = run.port;
  const baseUrl = `http://localhost:${port}`;
  await awaitHealthy(baseUrl, run, log);
  return {
    port,
    baseUrl,
    log,
    /**
     * SIGTERM (the server drains: its WebSockets close with 1012), then the same jar on the same
     * port and data: a restart under open pages. Resolves with the exit code of the first run.
     */
    async restart() {
      const code = await run.terminate();
      run = await launchJava([...jvm, ...launch], { ...serverEnv, FRONTLINE_PORT: String(port) }, log);
      await awaitHealthy(baseUrl, run, log);
      return code;
    },
    async stop() {
      await run.terminate();
      await rm(data, { recursive: true, force: true });
    },
  };
}

/** Spawns the server; resolves once it reported its port, with a way to stop it. */
async function launchJava(args, env, log) {
  const proc = spawn(javaCommand(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { proc, exited: null, port: 0 };
  const gone = new Promise((r) => proc.once('exit', (code) => {
    run.exited = code;
    r(code);
  }));
  const offset = log.length;
  run.port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not report its port in 120 s:\n${log.join('')}`)), 120000);
    proc.stdout.on('data', (chunk) => {
      log.push(chunk.toString());
      const m = /event=server\.listening port=(\d+)/.exec(log.slice(offset).join(''));
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.stderr.on('data', (c) => log.push(c.toString()));
    gone.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log.join('')}`));
    });
  });
  run.terminate = async () => {
    if (run.exited === null) {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
      await gone;
      clearTimeout(t);
    }
    return run.exited;
  };
  return run;
}

async function awaitHealthy(baseUrl, run, log) {
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      if (r.status === 200) {
        return;
      }
    } catch {
      // not yet
    }
    if (Date.now() > deadline || run.exited !== null) {
      throw new Error(`server never became healthy:\n${log.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Logs in through the API and returns the bearer token. */
export async function apiLogin(baseUrl, username, password) {
  const r = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) {
    throw new Error(`login ${username} failed: ${r.status} ${await r.text()}`);
  }
  return (await r.json()).token;
}

export async function apiGet(baseUrl, token, p) {
  const r = await fetch(`${baseUrl}${p}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await r.json();
  if (r.status !== 200) {
    throw new Error(`GET ${p}: ${r.status} ${JSON.stringify(body)}`);
  }
  return body;
}

/** Sends a JSON request with the bearer token; resolves { status, body }. */
export async function apiSend(baseUrl, token, method, p, body) {
  const r = await fetch(`${baseUrl}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, body: json };
}

/** Creates a user through the admin API; resolves its id. */
export async function createUser(baseUrl, adminToken, user) {
  const r = await apiSend(baseUrl, adminToken, 'POST', '/api/users', user);
  if (r.status !== 201) {
    throw new Error(`create user ${user.username}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body.id;
}

/** A w×h PNG of one colour (a real image the browser can decode), built without dependencies. */
export function pngImage(w, h, [r, g, b] = [220, 40, 40]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const x of buf) {
      c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      rows.set([r, g, b], y * (w * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Resolves once the images matched by `locator` are decoded (naturalWidth = width). */
export async function imageShown(locator, width) {
  await locator.first().waitFor();
  await eventually(async () => (await locator.first().evaluate((img) => (img.complete ? img.naturalWidth : 0))) === width,
    { message: `image of width ${width} decoded` });
}

/** Collects page errors and CSP violations, which every test expects to be none. */
export function watchPage(page, sink) {
  page.on('pageerror', (e) => sink.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/WebSocket|ERR_INTERNET_DISCONNECTED|net::/.test(m.text())) {
      sink.push(`console: ${m.text()}`);
    }
  });
  return page;
}

/** Polls `fn` until it returns a truthy value or the time is up. */
export async function eventually(fn, { timeout = 10000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${message}: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Registers node:test hooks that start one server and one browser for the file, stop them
 * after, and fail a test that caused page errors. Returns the object they fill in.
 */
export function useStack(hooks, serverEnv = {}) {
  const stack = { server: null, browser: null, problems: [] };
  hooks.before(async () => {
    const [s, b] = await Promise.allSettled([startServer(serverEnv), launchBrowser()]);
    stack.server = s.value;
    stack.browser = b.value;
    if (s.status === 'rejected' || b.status === 'rejected') {
      throw s.reason || b.reason;
    }
  });
  hooks.after(async () => {
    await stack.browser?.close();
    await stack.server?.stop();
  });
  hooks.afterEach((t) => {
    if (stack.problems.length) {
      const list = stack.problems.splice(0);
      throw new Error(`browser errors during "${t.name}":\n${list.join('\n')}`);
    }
  });
  return stack;
}

/** Logs a staff page in through its form ([data-fl=username|password|login]). */
export async function staffLogin(page, baseUrl, pagePath, username, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}${pagePath}`);
  await page.locator('[data-fl=username]').fill(username);
  await page.locator('[data-fl=password]').fill(password);
  await page.locator('[data-fl=login]').click();
}

/** Logs into /console and waits until the server confirmed the agent online. */
export async function consoleOnline(page, baseUrl, username, password = DEMO_PASSWORD) {
  await staffLogin(page, baseUrl, '/console', username, password);
  await page.locator('[data-fl=connection][data-state=open]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-fl=status]').dataset.confirmed === 'online');
}

/**
 * The widget opened on / (the bot greeted) and the console of {@code username} online, side by
 * side; then the visitor asks for a person and the agent takes the chat. Resolves the
 * conversation id.
 */
export async function chatWithAgent(visitor, agent, baseUrl, username = 'agent1') {
  await Promise.all([
    (async () => {
      await visitor.goto(`${baseUrl}/`);
      await visitor.locator('[data-fl=launcher]').click();
      await visitor.locator('[data-fl=message][data-from=bot]').first().waitFor();
    })(),
    consoleOnline(agent, baseUrl, username),
  ]);
  const conversationId = await visitor.locator('[data-fl=message]').first().getAttribute('data-conversation');
  await visitor.locator('[data-fl=human]').click();
  await agent.locator(`[data-fl=chat][data-conversation="${conversationId}"]`).click();
  await visitor.locator('[data-fl=message][data-from=system]').first().waitFor();
  return conversationId;
}

/** A new browser context with the agent console of {@code username}, logged in and online. */
export async function staffConsole(stack, username, password = DEMO_PASSWORD) {
  const ctx = await stack.browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const page = watchPage(await ctx.newPage(), stack.problems);
  await consoleOnline(page, stack.server.baseUrl, username, password);
  return { ctx, page };
}

const started = Date.now();
/** With E2E_TRACE=1, prints how long after start a step was reached (to find slow steps). */
export function trace(label) {
  if (process.env.E2E_TRACE) {
    process.stderr.write(`[e2e ${((Date.now() - started) / 1000).toFixed(2)}s] ${label}\n`);
  }
}
