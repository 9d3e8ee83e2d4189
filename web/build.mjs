// Builds dist/index.html, dist/app.js and dist/app.css: minified, no source maps, the same bytes
// every time from the same lockfile. Fails when app.js + app.css reach 1 MB.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, statSync } from "node:fs";

const limit = 1024 * 1024;
mkdirSync("dist", { recursive: true });
await build({
  entryPoints: { app: "src/main.ts" },
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  sourcemap: false,
  outdir: "dist",
  logLevel: "warning",
});
await build({
  entryPoints: { app: "src/app.css" },
  bundle: true,
  minify: true,
  charset: "utf8",
  outdir: "dist",
  logLevel: "warning",
});
copyFileSync("src/index.html", "dist/index.html");
const size = statSync("dist/app.js").size + statSync("dist/app.css").size;
console.log(`dist/app.js + dist/app.css: ${size} bytes (limit ${limit})`);
if (size >= limit) {
  console.error(`the bundle is ${size} bytes, over the limit of ${limit}`);
  process.exit(1);
}
