// What the browser tests and the benchmark share: a copy of rules/ in a temporary folder, the real
// `ladder serve` on it, and Debian's chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Starts `ladder serve DIR --no-open --port 0` and resolves with its address (the first http:// URL it prints). */
export async function startServer(dir, env = {}, args = []) {
  const ladder = path.resolve(root, process.env.LADDER ?? "target/release/ladder");
  const child = spawn(ladder, ["serve", dir, "--no-open", "--port", "0", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ladder serve printed no address in 20 s:\n${out}${err}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/[^\s]+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`ladder serve exited with ${code} before printing its address:\n${out}${err}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    url,
    child,
    stderr: () => err,
    stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}

/** A fresh folder holding a copy of the repository's rules/. */
export function copyRules() {
  const dir = mkdtempSync(path.join(tmpdir(), "ladder-serve-"));
  cpSync(path.join(root, "rules"), dir, { recursive: true });
  return dir;
}

/** Debian's chromium, headless, with a fresh profile; the caller closes it. */
export async function openBrowser(locale) {
  const profile = mkdtempSync(path.join(tmpdir(), "ladder-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    locale,
    viewport: { width: 1280, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** With WEB_DIST=web/dist, the page's three files come from that folder instead of the binary:
 * trying a page edit against the real server without rebuilding it. Off by default. */
export async function pageFromDisk(context) {
  const from = process.env.WEB_DIST;
  if (!from) return;
  const types = { "index.html": "text/html", "app.js": "text/javascript", "app.css": "text/css" };
  await context.route(/\/(app\.js|app\.css)?(\?.*)?$/, (route) => {
    const url = new URL(route.request().url());
    const name = url.pathname === "/" ? "index.html" : url.pathname.slice(1);
    route.fulfill({ contentType: types[name], body: readFileSync(path.resolve(root, from, name)) });
  });
}
