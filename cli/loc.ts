/**
 * `npm run loc`: lines per folder of src/ (code vs tests), and the size rules of
 * STYLE §5. Exits 1 when a file in src/, experiments/ or cli/ exceeds
 * {@link MAX_FILE_LINES}. Warns (exit 0) on a file past {@link REVIEW_FILE_LINES}
 * and on a src/ folder past {@link FOLDER_SOFT_LINES} non-test lines: what a size
 * limit is meant to catch is a file doing two jobs or a folder holding two parts.
 * There is no total budget for src/: a global line count made needed features wait
 * (a broadcast fast path was once left out to fit it), and it says nothing about
 * where code sits.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Hard limit per source file (STYLE §5: aim ≤ 300, review at 400, fail at 600). */
export const MAX_FILE_LINES = 600;

/** A file past this many lines is printed as a warning (STYLE §5: review at 400). */
export const REVIEW_FILE_LINES = 400;

/** Non-test lines in one src/ folder (its own files, not subfolders) past which a warning suggests a split. */
export const FOLDER_SOFT_LINES = 2500;

const CHECKED_ROOTS = ['src', 'experiments', 'cli'];
const SOURCE = /\.(ts|tsx|js|mjs)$/;

/** Line count of one file. */
export interface FileCount {
  readonly path: string;
  readonly lines: number;
  readonly test: boolean;
}

function walk(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // a missing folder counts as empty
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SOURCE.test(name)) out.push(path);
  }
}

/** Counts the lines of every source file under `roots` (relative to `repo`). */
export function countLines(repo: string, roots: readonly string[] = CHECKED_ROOTS): FileCount[] {
  const files: string[] = [];
  for (const root of roots) walk(join(repo, root), files);
  return files.sort().map((file) => {
    const text = readFileSync(file, 'utf8');
    const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const path = relative(repo, file).split(sep).join('/');
    return { path, lines, test: /\.test(-d)?\.ts$/.test(path) };
  });
}

/**
 * Summarises counts: per src/ part, code and test lines; then the failures and the warnings.
 * @returns the printable report, the problems (empty = pass) and the warnings (never fail).
 */
export function locReport(counts: readonly FileCount[]): { text: string; problems: string[]; warnings: string[] } {
  const folders = new Map<string, { code: number; test: number }>();
  const dirs = new Map<string, number>();
  for (const c of counts) {
    const parts = c.path.split('/');
    const key = parts[0] === 'src' ? `src/${parts.length > 2 ? parts[1] : '(root)'}` : (parts[0] as string);
    const row = folders.get(key) ?? { code: 0, test: 0 };
    if (c.test) row.test += c.lines;
    else row.code += c.lines;
    folders.set(key, row);
    if (parts[0] === 'src' && !c.test) {
      const dir = parts.slice(0, -1).join('/');
      dirs.set(dir, (dirs.get(dir) ?? 0) + c.lines);
    }
  }
  const lines = [`${'folder'.padEnd(24)}${'code'.padStart(8)}${'tests'.padStart(8)}`];
  for (const [k, v] of [...folders].sort()) lines.push(`${k.padEnd(24)}${String(v.code).padStart(8)}${String(v.test).padStart(8)}`);
  const srcCode = counts.filter((c) => c.path.startsWith('src/') && !c.test).reduce((s, c) => s + c.lines, 0);
  lines.push(`src/ non-test total: ${srcCode}`);
  const problems = counts.filter((c) => c.lines > MAX_FILE_LINES).map((c) => `${c.path}: ${c.lines} lines, expected at most ${MAX_FILE_LINES}`);
  const warnings = [
    ...counts.filter((c) => c.lines > REVIEW_FILE_LINES && c.lines <= MAX_FILE_LINES).map((c) => `${c.path}: ${c.lines} lines (review at ${REVIEW_FILE_LINES}: one job per file?)`),
    ...[...dirs].filter(([, n]) => n > FOLDER_SOFT_LINES).sort().map(([d, n]) => `${d}/: ${n} non-test lines (soft limit ${FOLDER_SOFT_LINES}: two parts in one folder?)`),
  ];
  return { text: `${lines.join('\n')}\n`, problems, warnings };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const { text, problems, warnings } = locReport(countLines(repo));
  process.stdout.write(text);
  for (const w of warnings) process.stderr.write(`loc: warning: ${w}\n`);
  for (const p of problems) process.stderr.write(`loc: ${p}\n`);
  process.exitCode = problems.length ? 1 : 0;
}
