// The lineage graph of a report as a Mermaid flowchart. Node ids are generated (`n0`, `n1`, ...),
// never derived from model names; every label is a quoted string whose every character outside a
// small safe set is a Mermaid entity code (`#quot;`, `#60;`, ...), so a model name can neither
// break the graph syntax, inject HTML into the label nor close the surrounding ```mermaid fence.

import type { Lineage } from './types';

type Status = Lineage['nodes'][number]['status'];

const STATUS_ORDER: Record<Status, number> = { direct: 0, added: 1, removed: 2, indirect: 3, unchanged: 4 };

const CLASS_DEFS: Record<Status, string> = {
  direct: 'fill:#fff3cd,stroke:#d39e00,stroke-width:2px,color:#000',
  indirect: 'fill:#e7f1ff,stroke:#0969da,color:#000',
  added: 'fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#000',
  removed: 'fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3,color:#000',
  unchanged: 'fill:#f6f8fa,stroke:#8c959f,color:#57606a',
};

/** Escapes a label for a `"..."` Mermaid string: anything but [A-Za-z0-9 ._/,-] becomes `#code;`. */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '"') out += '#quot;';
    else if (/^[A-Za-z0-9 ._/,-]$/.test(ch)) out += ch;
    else if (ch === '\n' || ch === '\r') out += ' ';
    else out += `#${ch.codePointAt(0)};`;
  }
  return `"${out}"`;
}

/**
 * Renders `lineage` as `graph LR`, showing at most `maxNodes` nodes (changed models first: direct,
 * added, removed, then indirect, then unchanged; ties keep the lineage's order) and the edges among
 * them. `shown` is the number of nodes rendered.
 */
export function renderMermaid(lineage: Lineage, maxNodes: number): { text: string; shown: number } {
  const seen = new Set<string>();
  const unique = lineage.nodes.filter((n) => (seen.has(n.model) ? false : (seen.add(n.model), true)));
  const ranked = unique
    .map((n, i) => ({ ...n, i }))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.i - b.i)
    .slice(0, Math.max(0, Math.floor(maxNodes)));
  // Ids follow the lineage's order among the shown nodes, so the graph reads stably.
  ranked.sort((a, b) => a.i - b.i);
  const ids = new Map<string, string>();
  ranked.forEach((n, k) => ids.set(n.model, `n${k}`));

  const lines = ['graph LR'];
  for (const n of ranked) lines.push(`  ${ids.get(n.model)}[${mermaidLabel(n.model)}]:::${n.status}`);
  const edgeSeen = new Set<string>();
  for (const e of lineage.edges) {
    const a = ids.get(e.from);
    const b = ids.get(e.to);
    if (!a || !b) continue;
    const k = `${a}>${b}`;
    if (edgeSeen.has(k)) continue;
    edgeSeen.add(k);
    lines.push(`  ${a} --> ${b}`);
  }
  for (const status of Object.keys(CLASS_DEFS) as Status[]) lines.push(`  classDef ${status} ${CLASS_DEFS[status]}`);
  return { text: lines.join('\n'), shown: ranked.length };
}
