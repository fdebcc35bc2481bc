// The model graph: topological order (parents first, ties by name), children, cycle detection.
import { ModelError } from '../errors';
import type { Model } from './types';

export interface Dag {
  order: string[];
  children: Map<string, string[]>;
}

/**
 * Orders `models` parents-first. Parents that are not in `models` are ignored (references only
 * ever name known models). A cycle (including a model reading itself) is a ModelError naming the
 * loop `a.x -> b.y -> a.x` at the file and line of the first model in it.
 */
export function buildDag(models: Map<string, Model>): Dag {
  const names = [...models.keys()].sort();
  const children = new Map<string, string[]>(names.map((n) => [n, []]));
  const indegree = new Map<string, number>(names.map((n) => [n, 0]));
  for (const name of names) {
    for (const parent of new Set(models.get(name)!.parents)) {
      if (!models.has(parent)) continue;
      children.get(parent)!.push(name);
      indegree.set(name, indegree.get(name)! + 1);
    }
  }
  for (const list of children.values()) list.sort();

  // Kahn's algorithm, always taking the smallest ready name (a heap: 5,000-model projects have
  // hundreds of models ready at once).
  const ready = new NameHeap();
  for (const n of names) if (indegree.get(n) === 0) ready.push(n);
  const order: string[] = [];
  while (ready.size > 0) {
    const n = ready.pop();
    order.push(n);
    for (const c of children.get(n)!) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) ready.push(c);
    }
  }
  if (order.length < names.length) {
    const remaining = new Set(names.filter((n) => indegree.get(n)! > 0));
    const loop = findCycle(models, remaining);
    // loop[1] reads loop[0]: point at that reference.
    const at = models.get(loop[1]!)!;
    const ref = at.references.find((r) => r.model === loop[0]);
    throw new ModelError(`dependency cycle: ${loop.join(' -> ')}`, at.relativeFile, ref?.line ?? at.line, at.name);
  }
  return { order, children };
}

/** A min-heap of names. */
class NameHeap {
  private readonly items: string[] = [];

  get size(): number {
    return this.items.length;
  }

  push(name: string): void {
    const a = this.items;
    a.push(name);
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (a[up]! <= name) break;
      a[i] = a[up]!;
      i = up;
    }
    a[i] = name;
  }

  /** The smallest name (the heap must not be empty). */
  pop(): string {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && a[l + 1]! < a[l]! ? l + 1 : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** A cycle among `remaining` as `[a, b, ..., a]`, starting at its smallest name. */
function findCycle(models: Map<string, Model>, remaining: Set<string>): string[] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 'active');
    stack.push(n);
    for (const p of [...new Set(models.get(n)!.parents)].sort()) {
      if (!remaining.has(p)) continue;
      if (state.get(p) === 'active') return [...stack.slice(stack.indexOf(p)), p];
      if (!state.has(p)) {
        const found = visit(p);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of [...remaining].sort()) {
    if (state.has(n)) continue;
    const cycle = visit(n);
    if (cycle) {
      // The walk follows parents (child -> parent); present it in data-flow order (parent -> child)
      // rotated to start at its smallest name.
      const ring = cycle.slice(0, -1).reverse();
      const min = ring.indexOf([...ring].sort()[0]!);
      const rotated = [...ring.slice(min), ...ring.slice(0, min)];
      return [...rotated, rotated[0]!];
    }
  }
  /* c8 ignore next */
  return [...remaining].sort();
}
