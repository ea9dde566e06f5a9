// A small local ESLint rule: each folder lists what it MAY import (an
// allowlist), so a new dependency between layers is an error until someone
// adds it to the table in eslint.config.js on purpose. Denylists rotted here
// before: a new module (e.g. the tfjs model builder) was missing from them.
//
// Every import is resolved to a repo-relative path (relative specifiers) or a
// package name (bare specifiers) and matched against globs:
//   `**` any characters, `*` any characters but `/`; a trailing `/**` also
//   matches the folder itself (`src/store/**` matches `import '../store'`).
// Checked: import/export ... from, dynamic import(). `import type` and
// `export type ... from` are erased by TypeScript, so a layer may be allowed
// them more widely (`typeOnly`); an `import { type X }` is NOT type-only (with
// verbatimModuleSyntax it stays a side-effect import).
import path from 'node:path';

const cache = new Map();
function globToRegExp(glob) {
  let re = cache.get(glob);
  if (re) return re;
  let src = '';
  const body = glob.endsWith('/**') ? glob.slice(0, -3) : glob;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '*' && body[i + 1] === '*') {
      src += '.*';
      i++;
    } else if (c === '*') src += '[^/]*';
    else src += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}${glob.endsWith('/**') ? '(/.*)?' : ''}$`);
  cache.set(glob, re);
  return re;
}

export const matchesAny = (value, globs = []) => globs.some((g) => globToRegExp(g).test(value));

/** `@scope/name/deep?url` → `@scope/name`; `react-dom/client` → `react-dom`; `node:fs` stays. */
export function packageName(spec) {
  const bare = spec.split('?')[0];
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A relative specifier as a repo-relative path without query or script extension. */
export function resolveTarget(spec, filename, cwd) {
  const abs = path.resolve(path.dirname(filename), spec.split('?')[0]);
  return path
    .relative(cwd, abs)
    .split(path.sep)
    .join('/')
    .replace(/\.(tsx?|mjs|js)$/, '');
}

const schema = [
  {
    type: 'object',
    properties: {
      layer: { type: 'string' },
      allow: { type: 'array', items: { type: 'string' } },
      packages: { type: 'array', items: { type: 'string' } },
      typeOnly: { type: 'array', items: { type: 'string' } },
      why: { type: 'string' },
    },
    required: ['layer', 'allow', 'packages'],
    additionalProperties: false,
  },
];

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder imports only what its allowlist in eslint.config.js names.' },
    schema,
    messages: {
      forbidden: "{{layer}} may not import '{{spec}}' ({{target}}). It may import: {{allowed}}.{{why}}",
    },
  },
  create(context) {
    const { layer, allow, packages, typeOnly = [], why = '' } = context.options[0];
    const cwd = context.cwd;
    const allowed =
      [...allow, ...packages.map((p) => `package ${p}`), ...typeOnly.map((t) => `import type from ${t}`)].join(', ') ||
      'nothing';
    function check(node, source, isType) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const relative = spec.startsWith('.') || spec.startsWith('/');
      const target = relative ? resolveTarget(spec, context.filename, cwd) : packageName(spec);
      const ok = relative ? matchesAny(target, allow) : matchesAny(target, packages);
      if (ok || (isType && matchesAny(target, typeOnly))) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: { layer, spec, target, allowed, why: why ? ` ${why}` : '' },
      });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null, false),
    };
  },
};

export default { meta: { name: 'lab-boundaries' }, rules: { imports: rule } };
