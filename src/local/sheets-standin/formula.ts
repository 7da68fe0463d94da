import type { CellValue } from './types.ts';

/**
 * A deliberately tiny evaluator: enough for literal arithmetic, '&' and HYPERLINK so FORMATTED
 * reads of the formulas Baton might accidentally create look like Sheets. Anything needing the
 * spreadsheet (cell references, most functions) renders as the error Sheets would show for an
 * unknown name, which keeps such cells conspicuous in tests.
 */

class FormulaError extends Error {
  constructor(readonly display: '#ERROR!' | '#NAME?' | '#VALUE!' | '#DIV/0!' | '#N/A') {
    super(display);
  }
}

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (ch === ' ') {
      // Sheets rejects juxtaposed operands ("+62 812") with a parse error; whitespace elsewhere
      // is harmless, so only keep it where it separates two operands.
      const prev = out[out.length - 1];
      let j = i;
      while (src[j] === ' ') j += 1;
      const next = src[j] ?? '';
      if (prev && prev.t !== 'op' && /[0-9A-Za-z".]/.test(next)) throw new FormulaError('#ERROR!');
      i = j;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (ch === '"') {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new FormulaError('#ERROR!');
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j += 1;
      }
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_$][A-Za-z0-9_.$!:']*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    if ('+-*/^&(),'.includes(ch)) {
      out.push({ t: 'op', v: ch });
      i += 1;
      continue;
    }
    throw new FormulaError('#ERROR!');
  }
  return out;
}

function toNumber(v: CellValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v.trim() === '') return 0;
  const n = Number(v);
  if (Number.isNaN(n)) throw new FormulaError('#VALUE!');
  return n;
}

function toText(v: CellValue): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): CellValue {
    const v = this.concat();
    if (this.pos !== this.tokens.length) throw new FormulaError('#ERROR!');
    return v;
  }

  private peekOp(...ops: string[]): string | undefined {
    const tok = this.tokens[this.pos];
    return tok && tok.t === 'op' && ops.includes(tok.v) ? tok.v : undefined;
  }

  private concat(): CellValue {
    let left = this.additive();
    while (this.peekOp('&')) {
      this.pos += 1;
      left = toText(left) + toText(this.additive());
    }
    return left;
  }

  private additive(): CellValue {
    let left = this.term();
    for (let op = this.peekOp('+', '-'); op; op = this.peekOp('+', '-')) {
      this.pos += 1;
      const right = toNumber(this.term());
      left = op === '+' ? toNumber(left) + right : toNumber(left) - right;
    }
    return left;
  }

  private term(): CellValue {
    let left = this.power();
    for (let op = this.peekOp('*', '/'); op; op = this.peekOp('*', '/')) {
      this.pos += 1;
      const right = toNumber(this.power());
      if (op === '/' && right === 0) throw new FormulaError('#DIV/0!');
      left = op === '*' ? toNumber(left) * right : toNumber(left) / right;
    }
    return left;
  }

  private power(): CellValue {
    const base = this.unary();
    if (!this.peekOp('^')) return base;
    this.pos += 1;
    return toNumber(base) ** toNumber(this.power());
  }

  private unary(): CellValue {
    const op = this.peekOp('+', '-');
    if (op) {
      this.pos += 1;
      const v = toNumber(this.unary());
      return op === '-' ? -v : v;
    }
    return this.primary();
  }

  private primary(): CellValue {
    const tok = this.tokens[this.pos];
    if (!tok) throw new FormulaError('#ERROR!');
    this.pos += 1;
    if (tok.t === 'num' || tok.t === 'str') return tok.v;
    if (tok.t === 'op') {
      if (tok.v !== '(') throw new FormulaError('#ERROR!');
      const v = this.concat();
      if (!this.peekOp(')')) throw new FormulaError('#ERROR!');
      this.pos += 1;
      return v;
    }
    const name = tok.v.toUpperCase();
    if (!this.peekOp('(')) {
      if (name === 'TRUE') return true;
      if (name === 'FALSE') return false;
      throw new FormulaError('#NAME?');
    }
    this.pos += 1;
    const args: CellValue[] = [];
    if (!this.peekOp(')')) {
      for (;;) {
        args.push(this.concat());
        if (this.peekOp(',')) {
          this.pos += 1;
          continue;
        }
        break;
      }
    }
    if (!this.peekOp(')')) throw new FormulaError('#ERROR!');
    this.pos += 1;
    return callFunction(name, args);
  }
}

function callFunction(name: string, args: CellValue[]): CellValue {
  switch (name) {
    case 'HYPERLINK': {
      const [url, label] = args;
      if (url === undefined || args.length > 2) throw new FormulaError('#N/A');
      return label ?? url;
    }
    case 'CONCATENATE':
      return args.map(toText).join('');
    case 'SUM':
      return args.reduce<number>((acc, v) => acc + toNumber(v), 0);
    default:
      throw new FormulaError('#NAME?');
  }
}

/** `formula` includes its leading '='. Errors come back as Sheets' display strings. */
export function evaluateFormula(formula: string): CellValue {
  try {
    return new Parser(tokenize(formula.slice(1))).parse();
  } catch (err) {
    if (err instanceof FormulaError) return err.display;
    throw err;
  }
}
