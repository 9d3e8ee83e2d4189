// Every word the page shows comes from GET /api/words; the page holds none of its own.
import { get, lang } from "./api";

let words: Record<string, string> = {};
export let keywords: string[] = [];

export async function loadWords() {
  const answer = await get("/api/words");
  words = answer.words ?? {};
  keywords = answer.keywords ?? [];
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = w("title");
}

/** The word for `key`, with `{name}` replaced by `vars[name]`; the key itself when the catalogue lacks it. */
export function w(key: string, vars: Record<string, string | number> = {}): string {
  const text = words[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in vars ? String(vars[name]) : all));
}
