// The rule editor: CodeMirror 6 with Ladder highlighting, diagnostics from POST /api/check over the
// unsaved text (debounced), the did-you-mean fix as a lint action, Ctrl/Cmd+S to save.
import { Compartment, EditorState, Extension } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Diagnostic, forceLinting, lintGutter, linter, openLintPanel } from "@codemirror/lint";
import { post } from "./api";
import { h } from "./dom";
import { keywords, w } from "./words";
import { ladderLanguage } from "./ladder";

/** A diagnostic as POST /api/check gives it (positions in UTF-16 units, as CodeMirror counts). */
export interface Diag {
  from: number;
  to: number;
  line: number;
  column: number;
  severity: "error" | "warning";
  code: string;
  message: string;
  label?: string;
  help?: string;
  fix: { from: number; to: number; insert: string } | null;
}

// A check of a rule file takes the server a few milliseconds, so the page asks after a short pause
// in typing rather than the usual 150 ms: diagnostics within 50 ms of a keystroke is the goal.
const lintDelay = 20;

export interface EditorHooks {
  path(): string | null;
  save(): void;
  changed(): void;
  /** The text just checked, and whether it has no errors. */
  checked(text: string, clean: boolean): void;
  failed(e: unknown): void;
}

export function toDiagnostic(d: Diag, length: number): Diagnostic {
  const clamp = (n: number) => Math.max(0, Math.min(length, n));
  const from = clamp(d.from);
  const to = Math.max(from, clamp(d.to));
  const fix = d.fix;
  return {
    from,
    to,
    severity: d.severity,
    source: d.code,
    message: [d.message, d.label, d.help].filter(Boolean).join("\n"),
    renderMessage: () =>
      h(
        "div.diag",
        {},
        h("div.diag-message", {}, d.message),
        d.label ? h("div.diag-label", {}, d.label) : null,
        d.help ? h("div.diag-help", {}, d.help) : null,
      ),
    actions: fix
      ? [
          {
            name: w("fix", { insert: fix.insert }),
            // The diagnostic's range has moved with any edit since; the fix moves with it.
            apply: (view, at, end) =>
              view.dispatch({
                changes: { from: at + (fix.from - d.from), to: end + (fix.to - d.to), insert: fix.insert },
              }),
          },
        ]
      : [],
  };
}

export function phrases(): Extension {
  return EditorState.phrases.of({
    Diagnostics: w("lint.title"),
    "No diagnostics": w("lint.none"),
    close: w("close"),
    "Selection deleted": w("editor.deleted"),
    "Control character": w("editor.control"),
  });
}

export class RuleEditor {
  view: EditorView;
  lintCount = 0;
  /** How long the last POST /api/check took, in milliseconds (the benchmark reads it). */
  checkMillis = 0;
  private words = new Compartment();

  constructor(
    parent: HTMLElement,
    private hooks: EditorHooks,
  ) {
    this.view = new EditorView({ parent, state: this.state("") });
    openLintPanel(this.view);
  }

  private state(doc: string): EditorState {
    return EditorState.create({ doc, extensions: this.extensions() });
  }

  private extensions(): Extension[] {
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      EditorView.lineWrapping,
      bracketMatching(),
      syntaxHighlighting(defaultHighlightStyle),
      ladderLanguage(keywords),
      this.words.of(phrases()),
      linter((view) => this.lint(view), { delay: lintDelay }),
      lintGutter(),
      keymap.of([
        {
          key: "Mod-s",
          preventDefault: true,
          run: () => {
            this.hooks.save();
            return true;
          },
        },
        ...defaultKeymap,
        ...historyKeymap,
        indentWithTab,
      ]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) this.hooks.changed();
      }),
    ];
  }

  private async lint(view: EditorView): Promise<Diagnostic[]> {
    const path = this.hooks.path();
    if (!path) return [];
    const text = view.state.doc.toString();
    try {
      const asked = performance.now();
      const answer = await post("/api/check", { path, text });
      this.checkMillis = performance.now() - asked;
      const diags: Diag[] = answer.diagnostics ?? [];
      this.lintCount++;
      this.hooks.checked(text, !diags.some((d) => d.severity === "error"));
      return diags.map((d) => toDiagnostic(d, text.length));
    } catch (e) {
      this.hooks.failed(e);
      return [];
    }
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** A new file: a fresh history. */
  load(text: string) {
    this.view.setState(this.state(text));
    openLintPanel(this.view);
  }

  /** Replace the whole text as one undoable edit (Format, "take theirs" keeps history). */
  replace(text: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  appendLine(text: string) {
    const doc = this.view.state.doc;
    const sep = doc.length === 0 || doc.sliceString(doc.length - 1) === "\n" ? "" : "\n";
    const insert = sep + "\n" + text.replace(/\n?$/, "\n");
    this.view.dispatch({ changes: { from: doc.length, insert }, scrollIntoView: true });
  }

  /** After the language changed: new phrases and the diagnostics asked again in it. */
  relabel() {
    this.view.dispatch({ effects: this.words.reconfigure(phrases()) });
    forceLinting(this.view);
  }
}
