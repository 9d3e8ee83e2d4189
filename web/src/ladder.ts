// Ladder highlighting: keywords (both spellings, from /api/words), `#` comments, "texts",
// `backticked names`, numbers with 万/亿/%/¥/元.
import { StreamLanguage } from "@codemirror/language";

export function ladderLanguage(keywords: string[]) {
  const set = new Set(keywords);
  return StreamLanguage.define<{}>({
    name: "ladder",
    startState: () => ({}),
    token(stream) {
      if (stream.eatSpace()) return null;
      if (stream.match("#")) {
        stream.skipToEnd();
        return "comment";
      }
      if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
      if (stream.match(/^`[^`]*`?/)) return "variableName.special";
      if (stream.match(/^[¥￥]?\d[\d,]*(?:\.\d+)?(?:万|亿|%|元)?/u)) return "number";
      if (stream.match(/^[\p{L}_][\p{L}\p{N}_]*/u)) {
        return set.has(stream.current()) ? "keyword" : "variableName";
      }
      if (stream.match(/^(?:->|[<>=!]=?|[{}()\[\],:])/)) return "operator";
      stream.next();
      return null;
    },
    languageData: { commentTokens: { line: "#" } },
  });
}
