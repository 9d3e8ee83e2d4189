// Every word the page asks for (w("key"), label("key", el), "tab.NAME") is in both catalogues as
// `page.key`, with the same {arguments}; and no `page.` key is left unused.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { root } from "./serve.mjs";

const src = path.join(root, "web/src");
const code = readdirSync(src)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(path.join(src, f), "utf8"))
  .join("\n");
const used = new Set([...code.matchAll(/\bw\(\s*"([a-z][a-z.-]*)"/g), ...code.matchAll(/\blabel\(\s*"([a-z][a-z.-]*)"/g)].map((m) => m[1]));
for (const m of code.matchAll(/"(tab\.\w+)"/g)) used.add(m[1]);

function catalogue(lang) {
  const text = readFileSync(path.join(root, `src/diag/catalogue/${lang}/serve.cat`), "utf8");
  return new Map([...text.matchAll(/^page\.(\S+) = (.*)$/gm)].map((m) => [m[1], m[2]]));
}
const args = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
const en = catalogue("en");
const zh = catalogue("zh");
let failed = 0;
const check = (ok, message) => {
  if (!ok) {
    console.log(`FAIL ${message}`);
    failed++;
  }
};
for (const key of used) {
  check(en.has(key), `page.${key} is not in the English catalogue`);
  check(zh.has(key), `page.${key} is not in the Chinese catalogue`);
  if (en.has(key) && zh.has(key)) check(args(en.get(key)) === args(zh.get(key)), `page.${key}: the languages' {arguments} differ`);
}
for (const key of new Set([...en.keys(), ...zh.keys()])) check(used.has(key), `page.${key} is in a catalogue but the page never asks for it`);
assert.ok(used.size > 20, "the page's words were found");
console.log(failed ? `${failed} problems with the page's words` : `the page's ${used.size} words are in both catalogues`);
process.exit(failed ? 1 : 0);
