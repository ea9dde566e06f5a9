// Where a page's long tasks go, from a Chrome trace (Playwright's
// browser.startTracing with the timeline and CPU-profiler categories): the
// renderer main thread's tasks over 50 ms, each split into its timeline events
// (script, style, layout, paint, GC) and its CPU samples, which the build's
// source maps turn into source files (a package under node_modules, or a file
// of src/) and functions. Used by bench/calm.bench.mjs.
/* global process, fetch, console -- Node's */
import { SourceMapConsumer } from 'source-map-js';

export const LONG_TASK_MS = 50;
const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** The main thread of the page's renderer: the CrRendererMain with the most task time. */
function mainThread(events) {
  const mains = events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`);
  const busy = new Map(mains.map((k) => [k, 0]));
  for (const e of events)
    if (e.ph === 'X' && TASK_NAMES.has(e.name) && busy.has(`${e.pid}:${e.tid}`))
      busy.set(`${e.pid}:${e.tid}`, busy.get(`${e.pid}:${e.tid}`) + (e.dur ?? 0));
  const [key] = [...busy.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!key) return null;
  const [pid, tid] = key.split(':').map(Number);
  return { pid, tid };
}

/** The thread's CPU samples as { ts, frames (leaf first) }, from the Profile/ProfileChunk events. */
function samplesOf(events, { pid, tid }) {
  const profiles = new Map();
  for (const e of events) {
    if (e.ph !== 'P' || e.pid !== pid) continue;
    if (e.name === 'Profile' && e.tid === tid)
      profiles.set(e.id, { start: e.args.data.startTime, nodes: new Map(), samples: [] });
  }
  for (const e of events) {
    if (e.ph !== 'P' || e.name !== 'ProfileChunk' || e.pid !== pid || !profiles.has(e.id)) continue;
    const p = profiles.get(e.id);
    const cpu = e.args.data.cpuProfile ?? {};
    for (const n of cpu.nodes ?? []) p.nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas ?? [];
    (cpu.samples ?? []).forEach((id, i) => p.samples.push({ id, delta: deltas[i] ?? 0 }));
  }
  const out = [];
  for (const p of profiles.values()) {
    let t = p.start;
    for (const s of p.samples) {
      t += s.delta;
      const frames = [];
      for (let n = p.nodes.get(s.id); n; n = p.nodes.get(n.parent)) frames.push(n.callFrame);
      out.push({ ts: t, frames });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Maps a generated location to its source via the chunk's .map (fetched once per script URL). */
async function sourceResolver(urls) {
  const maps = new Map();
  for (const url of urls) {
    try {
      const res = await fetch(`${url}.map`);
      maps.set(url, res.ok ? new SourceMapConsumer(await res.json()) : null);
    } catch {
      maps.set(url, null);
    }
  }
  return (f) => {
    const map = maps.get(f.url);
    if (!map) return { file: f.url ? f.url.replace(/^.*\//, '') : f.functionName || '(native)', name: f.functionName };
    const pos = map.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    return { file: pos.source ?? '(unmapped)', name: pos.name ?? f.functionName };
  };
}

/** "recharts", "react-dom", or "src/ui/train/CurveChart.tsx". */
function group(file) {
  const m = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  const src = file.match(/(src\/.*)$/);
  return src ? src[1] : file;
}

const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const top = (m, n) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => ({ what: k, ms: Math.round(us / 100) / 10 }));

/** Self time per timeline event name inside [from, to) on the thread (nested X events, innermost wins). */
function timelineSelf(events, from, to) {
  const inside = events.filter((e) => e.ts >= from && e.ts < to).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of inside) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    if (stack.length) add(self, stack.at(-1).name, -Math.min(e.dur, stack.at(-1).ts + stack.at(-1).dur - e.ts));
    add(self, e.name, e.dur);
    stack.push(e);
  }
  return self;
}

/**
 * Long tasks of the trace, biggest first, and the totals over all of them:
 * { tasks: [{ startMs, ms, timeline, sources, functions }], totals: { timeline, sources, functions } }.
 * `startMs` counts from the main thread's first event in the trace.
 */
export async function longTasksFromTrace(traceJson, { limit = 12 } = {}) {
  const events = Array.isArray(traceJson) ? traceJson : traceJson.traceEvents;
  const thread = mainThread(events);
  if (!thread) return { tasks: [], totals: null, error: 'no renderer main thread in the trace' };
  const onThread = events.filter(
    (e) => e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid && typeof e.dur === 'number',
  );
  const tasks = onThread.filter((e) => TASK_NAMES.has(e.name) && e.dur >= LONG_TASK_MS * 1000);
  // ThreadControllerImpl::RunTask wraps RunTask: keep the outer one of each pair.
  const outer = tasks.filter(
    (t) => !tasks.some((o) => o !== t && o.ts <= t.ts && o.ts + o.dur >= t.ts + t.dur && o.dur > t.dur),
  );
  const samples = samplesOf(events, thread);
  const resolve = await sourceResolver([
    ...new Set(samples.flatMap((s) => s.frames.map((f) => f.url)).filter((u) => /^https?:/.test(u))),
  ]);
  const cache = new Map();
  const where = (f) => {
    const k = `${f.url}:${f.lineNumber}:${f.columnNumber}:${f.functionName}`;
    if (!cache.has(k)) cache.set(k, resolve(f));
    return cache.get(k);
  };
  const totals = { timeline: new Map(), sources: new Map(), functions: new Map() };
  const origin = onThread.reduce((m, e) => Math.min(m, e.ts), Infinity);
  const analysed = outer.map((t) => {
    const timeline = timelineSelf(
      onThread.filter((e) => !TASK_NAMES.has(e.name)),
      t.ts,
      t.ts + t.dur,
    );
    const sources = new Map();
    const functions = new Map();
    const inTask = samples.filter((s) => s.ts >= t.ts && s.ts < t.ts + t.dur);
    const each = inTask.length ? t.dur / inTask.length : 0;
    for (const s of inTask) {
      const leaf = s.frames[0];
      const leafWhere = leaf && leaf.url ? where(leaf) : null;
      add(sources, leafWhere ? group(leafWhere.file) : leaf?.functionName || '(unknown)', each);
      // React calls components from its work loop, so an app frame is rarely on the stack: the leaf function says more.
      add(
        functions,
        leafWhere ? `${group(leafWhere.file)} ${leafWhere.name ?? '(anonymous)'}` : leaf?.functionName || '(unknown)',
        each,
      );
    }
    for (const [k, v] of timeline) add(totals.timeline, k, v);
    for (const [k, v] of sources) add(totals.sources, k, v);
    for (const [k, v] of functions) add(totals.functions, k, v);
    return {
      startMs: Math.round((t.ts - origin) / 1000),
      ms: Math.round(t.dur / 1000),
      timeline: top(timeline, 4),
      sources: top(sources, 4),
      functions: top(functions, 3),
    };
  });
  analysed.sort((a, b) => b.ms - a.ms);
  return {
    count: analysed.length,
    maxMs: analysed[0]?.ms ?? 0,
    tasks: analysed.slice(0, limit),
    totals: {
      timeline: top(totals.timeline, 8),
      sources: top(totals.sources, 10),
      functions: top(totals.functions, 25),
    },
  };
}

// `node bench/calm-trace.mjs bench/tmp/calm-trace.json` analyses a kept trace again (source maps need the bench's server up).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  console.log(JSON.stringify(await longTasksFromTrace(JSON.parse(readFileSync(process.argv[2], 'utf8'))), null, 2));
}
