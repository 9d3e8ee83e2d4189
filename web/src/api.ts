// The one way to the server: the token (read once from the address, then dropped from the bar),
// the language (?lang= on every request) and the errors (shown in the status line by the caller).

const query = new URLSearchParams(location.search);
const token = query.get("token") ?? "";
if (query.has("token")) {
  query.delete("token");
  const rest = query.toString();
  history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
}

export let lang: "zh" | "en" = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
export function setLang(l: "zh" | "en") {
  lang = l;
}

/** A failed request: the server's words when it gave some, else the HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    public status: number,
    public body: any,
  ) {
    super(message);
  }
}

function url(path: string, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  q.set("lang", lang);
  return path + "?" + q.toString();
}

async function send(method: string, path: string, params: Record<string, any>, body?: BodyInit): Promise<any> {
  const headers: Record<string, string> = { "X-Ladder-Token": token };
  if (typeof body === "string") headers["Content-Type"] = "application/json";
  const res = await fetch(url(path, params), { method, headers, body });
  let json: any = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (!res.ok) {
    const message = json?.error?.message ?? `${res.status} ${res.statusText}`;
    throw new ApiError(message, res.status, json);
  }
  return json;
}

export const get = (path: string, params: Record<string, any> = {}) => send("GET", path, params);
export const post = (path: string, body: unknown, params: Record<string, any> = {}) =>
  send("POST", path, params, JSON.stringify(body));
export const upload = (path: string, bytes: Blob, params: Record<string, any>) => send("POST", path, params, bytes);

/** A link that downloads without headers: the token rides in the query. */
export function downloadUrl(format: string): string {
  return url("/api/download", { format, token });
}
