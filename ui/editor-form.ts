// The editor form's document operations, kept apart from the component so they can be unit
// tested: where a JSON syntax error is (line and column), how a lever value typed as a number
// or a ratio ("4:6") is read, how it is written into the scenario document (as an override, or
// in place when the document itself holds the number), which validation issues belong to
// which lever field, and the undo history kept in localStorage across reloads.
import { findNodeAtLocation, parse as parseTolerant, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { checkLeverValue, type LeverDef } from '../engine/model/lever.js';
import { getByPointer, parsePointer } from '../engine/pointer.js';
import type { Issue } from './protocol.js';

// ------------------------------------------------------------------ JSON syntax errors

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export interface SyntaxProblem {
  line: number;
  column: number;
  /** jsonc-parser's error code name, e.g. "CommaExpected" (translated by syntaxMessage). */
  code: string;
}

/** The text as a JSON object, or where its first syntax error is (null problem: valid JSON but not an object). */
export function parseScenarioText(text: string): { doc: Record<string, unknown> | null; problem: SyntaxProblem | null } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    try {
      parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
    } catch {
      // The tolerant parser recurses: a text nested very deeply overflows its stack.
      errors.length = 0;
    }
    const first = errors[0];
    if (!first) return { doc: null, problem: { line: 1, column: 1, code: 'Unlocated' } };
    return { doc: null, problem: { ...lineColumn(text, first.offset), code: printParseErrorCode(first.error) } };
  }
  return { doc: doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null, problem: null };
}

const SYNTAX: Record<string, { zh: string; en: string }> = {
  InvalidSymbol: { zh: '无效符号', en: 'invalid symbol' },
  InvalidNumberFormat: { zh: '数字格式有误', en: 'invalid number format' },
  PropertyNameExpected: { zh: '此处应为字段名', en: 'a property name was expected' },
  ValueExpected: { zh: '此处应为值', en: 'a value was expected' },
  ColonExpected: { zh: '此处应为冒号', en: 'a colon was expected' },
  CommaExpected: { zh: '此处应为逗号', en: 'a comma was expected' },
  CloseBraceExpected: { zh: '此处应为 }', en: 'a closing brace was expected' },
  CloseBracketExpected: { zh: '此处应为 ]', en: 'a closing bracket was expected' },
  EndOfFileExpected: { zh: '此处应为文件结尾', en: 'the end of the text was expected' },
  InvalidCommentToken: { zh: 'JSON 不允许注释', en: 'comments are not allowed in JSON' },
  UnexpectedEndOfComment: { zh: '注释未结束', en: 'unfinished comment' },
  UnexpectedEndOfString: { zh: '字符串未结束', en: 'unfinished string' },
  UnexpectedEndOfNumber: { zh: '数字未结束', en: 'unfinished number' },
  InvalidUnicode: { zh: '无效的 Unicode 转义', en: 'invalid Unicode escape' },
  InvalidEscapeCharacter: { zh: '无效的转义字符', en: 'invalid escape character' },
  InvalidCharacter: { zh: '无效字符', en: 'invalid character' },
  Unlocated: { zh: '无法定位错误（嵌套过深）', en: 'the error could not be located (nested too deeply)' },
};

/** "第 3 行，第 5 列：此处应为逗号" / "line 3, column 5: a comma was expected". */
export function syntaxMessage(p: SyntaxProblem, lang: 'zh-CN' | 'en'): string {
  const what = SYNTAX[p.code] ?? { zh: p.code, en: p.code };
  return lang === 'en'
    ? `Not valid JSON at line ${p.line}, column ${p.column}: ${what.en}`
    : `JSON 格式有误：第 ${p.line} 行，第 ${p.column} 列：${what.zh}`;
}

// ------------------------------------------------------------------ reading a typed value

/**
 * A value typed into a lever field. Shares take a number (0.4), a percentage (40%) or a ratio
 * of the two parties ("4:6", "2.5 : 7.5", full-width colon too); the other levers take a number.
 * Returns the value or the English message (issue-text.ts translates it) of why not.
 */
export function readLeverInput(lever: LeverDef, raw: string): { value: number | string } | { error: string } {
  const text = raw.trim();
  if (lever.options) return lever.options.includes(text) ? { value: text } : { error: `expected one of ${lever.options.join(', ')}` };
  let value: number;
  const ratio = /^([0-9]*\.?[0-9]+)\s*[:：]\s*([0-9]*\.?[0-9]+)$/.exec(text);
  const percent = /^(-?[0-9]*\.?[0-9]+)\s*[%％]$/.exec(text);
  if (lever.unit === 'share' && ratio) {
    const a = Number(ratio[1]);
    const b = Number(ratio[2]);
    if (!(a + b > 0)) return { error: 'expected a number' };
    value = a / (a + b);
  } else if (lever.unit === 'share' && percent) value = Number(percent[1]) / 100;
  else if (text === '' || !/^-?[0-9]*\.?[0-9]+(e[-+]?[0-9]+)?$/i.test(text)) return { error: 'expected a number' };
  else value = Number(text);
  const problem = checkLeverValue(lever, value);
  return problem ? { error: problem } : { value };
}

// ------------------------------------------------------------------ writing a value

interface Override {
  path: string;
  value: unknown;
  note?: string;
}

/** The pointers and values one lever value sets (a cost split sets both shares of every cost item). */
export function leverWrites(lever: LeverDef, value: number | string, costItems: number): { path: string; value: unknown }[] {
  if (lever.kind === 'costSplit') {
    const x = value as number;
    return Array.from({ length: costItems }, (_, k) => [
      { path: `${lever.path}/${k}/shares/0/share/value`, value: x },
      { path: `${lever.path}/${k}/shares/1/share/value`, value: 1 - x },
    ]).flat();
  }
  if (lever.kind === 'partySplit') {
    // An instrument's two-party share list: both entries, so it still adds up to 1.
    const x = value as number;
    return [
      { path: `${lever.path}/0/share/value`, value: x },
      { path: `${lever.path}/1/share/value`, value: 1 - x },
    ];
  }
  return [{ path: lever.path, value }];
}

const EDITOR_NOTE = 'set in the editor form';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Set an own value at pointer segments inside a plain JSON value; false when the path is not there. */
function setInside(root: unknown, segs: string[], value: unknown): boolean {
  let node = root;
  for (const seg of segs.slice(0, -1)) {
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, seg)) return false;
    node = (node as Record<string, unknown>)[seg];
  }
  const last = segs.at(-1)!;
  if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, last)) return false;
  (node as Record<string, unknown>)[last] = value;
  return true;
}

/**
 * Write one value into a scenario document (a copy is returned). The last override that sets
 * this pointer or an object above it is edited in place (so a file's own override, e.g. a whole
 * originShare quantity, keeps its note and provenance); else a number the document itself
 * holds (top-level fields, an inline policy) is set where it is; else an override is appended.
 */
export function writeValue(doc: Record<string, unknown>, pointer: string, value: unknown): Record<string, unknown> {
  const out = structuredClone(doc);
  const target = parsePointer(pointer);
  if (!target.ok) return out;
  const overrides = Array.isArray(out.overrides) ? (out.overrides as Override[]) : null;
  // An override that sets this pointer, or an object above or below it, decides the value.
  let covered = false;
  for (let i = (overrides?.length ?? 0) - 1; i >= 0; i--) {
    const o = overrides![i];
    if (!isObject(o) || typeof o.path !== 'string') continue;
    if (o.path === pointer) {
      o.value = value;
      return out;
    }
    if (pointer.startsWith(o.path + '/')) {
      const rest = parsePointer(pointer.slice(o.path.length));
      if (rest.ok && setInside(o.value, rest.segments, value)) return out;
      covered = true;
      break;
    }
    if (o.path.startsWith(pointer + '/')) {
      covered = true;
      break;
    }
  }
  const here = getByPointer(out, pointer);
  if (!covered && here !== undefined && typeof here === typeof value) {
    setInside(out, target.segments, value);
    return out;
  }
  const list = overrides ?? [];
  list.push({ path: pointer, value, note: EDITOR_NOTE });
  out.overrides = list;
  return out;
}

/** The document with one lever at a value (every pointer the lever sets). */
export function writeLever(doc: Record<string, unknown>, lever: LeverDef, value: number | string, costItems: number): Record<string, unknown> {
  let out = doc;
  for (const w of leverWrites(lever, value, costItems)) out = writeValue(out, w.path, w.value);
  return out;
}

// ------------------------------------------------------------------ issues beside the field

/** The resolved-scenario pointer an issue is about (an issue inside an override points where the override writes). */
export function issueTarget(issue: Issue, doc: Record<string, unknown> | null): string {
  const m = /^\/overrides\/(\d+)(\/.*)?$/.exec(issue.path);
  if (!m || !doc || !Array.isArray(doc.overrides)) return issue.path;
  const o = (doc.overrides as unknown[])[Number(m[1])];
  if (!isObject(o) || typeof o.path !== 'string') return issue.path;
  const rest = m[2] ?? '';
  return rest === '/value' || rest === '/path' || rest === '' ? o.path : rest.startsWith('/value/') ? o.path + rest.slice('/value'.length) : o.path;
}

/** Whether an issue's pointer belongs to a lever's field (the pointer itself, inside it, or the quantity around its value). */
export function issueBelongsTo(lever: LeverDef, target: string): boolean {
  if (target === lever.path || target.startsWith(lever.path + '/')) return true;
  return lever.path.endsWith('/value') && target === lever.path.slice(0, -'/value'.length);
}

/**
 * The line (1-based) in the text where a validation issue's pointer is: the value itself when
 * the document holds it, else the override that writes it (or an object above it); null when
 * it lives in a referenced file the document does not override.
 */
export function pointerLine(text: string, pointer: string, doc: Record<string, unknown> | null): number | null {
  const root = parseTree(text);
  if (!root) return null;
  const at = (segs: (string | number)[]) => {
    const node = findNodeAtLocation(root, segs);
    return node ? lineColumn(text, node.offset).line : null;
  };
  const parsed = parsePointer(pointer);
  if (!parsed.ok) return null;
  const segments = parsed.segments.map((seg) => (/^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : seg));
  const direct = pointer === '' ? 1 : at(segments);
  if (direct !== null) return direct;
  const overrides = doc && Array.isArray(doc.overrides) ? (doc.overrides as unknown[]) : [];
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i];
    if (isObject(o) && typeof o.path === 'string' && (pointer === o.path || pointer.startsWith(o.path + '/'))) return at(['overrides', i, 'value']);
  }
  return null;
}

// ------------------------------------------------------------------ undo history across reloads

export const HISTORY_STORAGE_KEY = 'pairing-workbench.editor-history';
/** At most this many steps each way, and this many characters in all (localStorage holds ~5 MB). */
export const MAX_HISTORY_STEPS = 100;
export const MAX_HISTORY_CHARS = 1_500_000;

export interface EditorHistory {
  /** Which editing session the steps belong to (file name and built-in origin). */
  key: string;
  undo: string[];
  redo: string[];
}

/** Keep the newest steps within the step and character budgets (redo steps are the nearest, kept first). */
export function boundHistory(h: EditorHistory): EditorHistory {
  let budget = MAX_HISTORY_CHARS;
  const keep = (list: string[], fromEnd: boolean): string[] => {
    const out: string[] = [];
    const ordered = fromEnd ? [...list].reverse() : list;
    for (const s of ordered) {
      if (out.length >= MAX_HISTORY_STEPS || s.length > budget) break;
      budget -= s.length;
      out.push(s);
    }
    return fromEnd ? out.reverse() : out;
  };
  const redo = keep(h.redo, true);
  const undo = keep(h.undo, true);
  return { key: h.key, undo, redo };
}

export function loadHistory(key: string): EditorHistory {
  try {
    const raw = JSON.parse(localStorage.getItem(HISTORY_STORAGE_KEY) ?? 'null') as Partial<EditorHistory> | null;
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
    if (raw && raw.key === key) return boundHistory({ key, undo: strings(raw.undo), redo: strings(raw.redo) });
  } catch {
    // Unreadable history: start afresh.
  }
  return { key, undo: [], redo: [] };
}

export function saveHistory(h: EditorHistory): void {
  try {
    localStorage.setItem(HISTORY_STORAGE_KEY, JSON.stringify(boundHistory(h)));
  } catch {
    // Storage full or unavailable: the history lasts for this page only.
  }
}
