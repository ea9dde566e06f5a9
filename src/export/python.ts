// Python literals for generated code: numbers as Python prints them, strings
// double-quoted, tuples, None. Pure string building.

/** A float as Python source: 0.5, 1e-07 and 1.0 (never "1" where Keras expects a float). */
export function pyFloat(n: number): string {
  if (Math.abs(n - 1 / 255) < 1e-12) return '1 / 255';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  // JS prints the shortest round-trip form, as Python's repr does; only the exponent style differs.
  return String(n)
    .replace(/e([+-])(\d)$/, 'e$10$2')
    .replace('e+', 'e+');
}

export function pyInt(n: number): string {
  return String(Math.round(n));
}

/** A double-quoted Python string (JSON escapes are valid Python escapes). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

export function pyTuple(items: string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A comment block: every line starts with "# ". */
export function pyComment(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `# ${line}` : '#'))
    .join('\n');
}
