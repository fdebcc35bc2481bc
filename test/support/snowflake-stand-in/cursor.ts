// A cursor over one statement's tokens for the hand-written DDL / SHOW / GRANT parsers.
import { SnowflakeError } from './errors';
import { isOp, isWord, type Token } from './tokenizer';
import { identifierName } from './translate';

export class Cursor {
  i = 0;
  constructor(readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  fail(): never {
    const t = this.peek();
    throw SnowflakeError.syntax(`unexpected '${t?.text ?? '<EOF>'}'`, t?.line, t?.col);
  }

  /** Consumes the words if they come next (all of them), else consumes nothing. */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!isWord(this.peek(k), words[k] as string)) return false;
    this.i += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) this.fail();
  }

  acceptOp(op: string): boolean {
    if (!isOp(this.peek(), op)) return false;
    this.i++;
    return true;
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) this.fail();
  }

  /** One of the words, consumed; or null. */
  oneOf(...words: string[]): string | null {
    const t = this.peek();
    if (t && t.kind === 'word' && words.includes(t.value)) {
      this.i++;
      return t.value;
    }
    return null;
  }

  identifier(): string {
    const t = this.peek();
    if (!t || !(t.kind === 'word' || t.kind === 'quoted')) this.fail();
    this.i++;
    return identifierName(t);
  }

  /** A dotted name of 1 to `max` parts. */
  name(max = 3): string[] {
    const parts = [this.identifier()];
    while (isOp(this.peek(), '.')) {
      this.i++;
      parts.push(this.identifier());
    }
    if (parts.length > max) throw SnowflakeError.syntax(`invalid object name '${parts.join('.')}'`);
    return parts;
  }

  string(): string {
    const t = this.peek();
    if (!t || t.kind !== 'string') this.fail();
    this.i++;
    return t.value;
  }

  /** A literal value: string, number, TRUE/FALSE. */
  literal(): string {
    const t = this.peek();
    if (t && (t.kind === 'string' || t.kind === 'number')) {
      this.i++;
      return t.value;
    }
    if (t && t.kind === 'word' && (t.value === 'TRUE' || t.value === 'FALSE')) {
      this.i++;
      return t.value;
    }
    return this.fail();
  }

  end(): void {
    if (!this.atEnd()) this.fail();
  }

  rest(): Token[] {
    const out = this.tokens.slice(this.i);
    this.i = this.tokens.length;
    return out;
  }
}
