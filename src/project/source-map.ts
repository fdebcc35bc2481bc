// Maps offsets in a produced text (rewritten references, rendered macros) back to the text the
// user wrote, so a warehouse error's position can name the model file's line and column.

/** One replaced stretch: output [outStart, outEnd) came from input [inStart, inEnd). */
export interface Edit {
  outStart: number;
  outEnd: number;
  inStart: number;
  inEnd: number;
}

/**
 * Offsets of an output text → offsets of its input. Text outside the edits was copied verbatim;
 * an offset inside an edit maps to the start of what that edit replaced.
 */
export class OffsetMap {
  /** `edits` in output order, non-overlapping. */
  constructor(private readonly edits: readonly Edit[] = []) {}

  get editsList(): Edit[] {
    return [...this.edits];
  }

  toInput(outOffset: number): number {
    let shift = 0;
    for (const e of this.edits) {
      if (outOffset < e.outStart) break;
      if (outOffset < e.outEnd) return e.inStart;
      shift = e.inEnd - e.outEnd;
    }
    return outOffset + shift;
  }

  /** A map from this map's output to `inner`'s input: `this` was produced from `inner`'s output. */
  then(inner: OffsetMap): { toInput(outOffset: number): number } {
    return { toInput: (o: number) => inner.toInput(this.toInput(o)) };
  }
}

/** Builds an output text from copies of `input` and replacements, recording the edits. */
export class TextBuilder {
  private out = '';
  private readonly edits: Edit[] = [];
  private pos = 0;

  constructor(private readonly input: string) {}

  /** Copies the input up to `inStart`, then writes `text` in place of input [inStart, inEnd). */
  replace(inStart: number, inEnd: number, text: string): void {
    if (inStart < this.pos) return; // overlapping edits cannot be honoured; keep the first
    this.out += this.input.slice(this.pos, inStart);
    const outStart = this.out.length;
    this.out += text;
    this.edits.push({ outStart, outEnd: this.out.length, inStart, inEnd });
    this.pos = inEnd;
  }

  finish(): { text: string; map: OffsetMap } {
    const text = this.out + this.input.slice(this.pos);
    return { text, map: new OffsetMap(this.edits) };
  }
}

/** 1-based line and column of `offset` in `text`, given where `text` starts in its file. */
export function lineColumn(text: string, offset: number, firstLine = 1, firstColumn = 1): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = firstLine;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = at - lineStart + (line === firstLine ? firstColumn : 1);
  return { line, column };
}
