import { Parser, type Node, type Options, type Program } from 'acorn';

/**
 * The language level the sandbox's QuickJS parses: ES2025 modules (import attributes, RegExp
 * modifiers and the `v` flag, top-level await, class fields and private methods) but not ES2026
 * `using` declarations. A test in packages/cli checks each edge case against the sandbox itself.
 */
export const ECMA_VERSION = 2025;

/** A place in a module: 1-based line and column, as editors show them. */
export interface Position {
  line: number;
  column: number;
}

/** One import of a module: static, re-export or dynamic with a literal specifier. */
export interface ModuleImport {
  specifier: string;
  at: Position;
}

export type ParsedModule =
  { ok: true; program: Program; imports: ModuleImport[] } | { ok: false; message: string; at: Position };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A name list of acorn's scope tracking, with a set beside it: acorn looks declared names up
 * with `indexOf` on plain arrays, which is quadratic in the declarations of one scope (bundles
 * have thousands at top level: 256 KiB of them took seconds). Found names still answer their
 * real index.
 */
class NameList extends Array<string> {
  /** Made once the list is long enough for lookups to matter; short lists stay plain. */
  private names: Set<string> | undefined;
  override push(...items: string[]): number {
    if (this.names) for (const item of items) this.names.add(item);
    else if (this.length + items.length > 16) this.names = new Set([...this, ...items]);
    return super.push(...items);
  }
  override indexOf(name: string, from?: number): number {
    if (this.names && !this.names.has(name)) return -1;
    return super.indexOf(name, from);
  }
}

type Scope = { var: string[]; lexical: string[]; functions: string[] };
type ScopedParser = {
  enterScope(flags: number): void;
  currentScope(): Scope;
  finishNode<T extends Node>(node: T, type: string): T;
};

/**
 * acorn's parser with set-backed scopes (NameList), collecting the dynamic `import()`s as it
 * finishes them, so that finding them needs no second walk over every node of the tree.
 */
const ModuleParser = Parser.extend(
  (Base) =>
    class extends (Base as unknown as new (...args: unknown[]) => ScopedParser) {
      dynamicImports: Node[] = [];
      override enterScope(flags: number): void {
        super.enterScope(flags);
        const scope = this.currentScope();
        scope.var = new NameList();
        scope.lexical = new NameList();
        scope.functions = new NameList();
      }
      override finishNode<T extends Node>(node: T, type: string): T {
        const finished = super.finishNode(node, type);
        if (type === 'ImportExpression') this.dynamicImports.push(finished);
        return finished;
      }
    } as unknown as typeof Parser,
) as unknown as new (options: Options, input: string) => { parse(): Program; dynamicImports: Node[] };

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;

/**
 * Where an offset of a module is, as line and column: the line starts are found once per module,
 * on the first question. (acorn's own `locations` would give every node of the tree a location
 * object, most never asked for; the checks ask for an import's, an issue's.)
 */
const lineStarts = new WeakMap<Program, { text: string; starts?: number[] }>();

/** The 1-based line and column of `node` (a node of `program`, as parseModule returned it). */
export function positionIn(program: Program, node: Node): Position {
  const entry = lineStarts.get(program);
  if (!entry) return { line: 1, column: 1 };
  if (!entry.starts) {
    const starts = [0];
    for (const match of entry.text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
    entry.starts = starts;
  }
  const starts = entry.starts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= node.start) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: node.start - starts[low]! + 1 };
}

/** The string a specifier expression names, when it is a literal: `'x'` or `` `x` ``. */
function literalString(node: Node): string | undefined {
  const n = node as Node & { value?: unknown; expressions?: unknown[]; quasis?: Array<{ value: { cooked?: string } }> };
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions?.length === 0) return n.quasis?.[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Every node below `root`, depth first, without recursion (deeply nested code is fine). */
export function* allNodes(root: Node): Generator<Node> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push(value[i]);
      continue;
    }
    if (value === null || typeof value !== 'object' || typeof (value as Node).type !== 'string') continue;
    const node = value as Node;
    yield node;
    for (const key of Object.keys(node)) {
      if (key === 'start' || key === 'end' || key === 'type' || key === 'regex') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}

function importsOf(program: Program, dynamicImports: readonly Node[]): ModuleImport[] {
  const sources: Array<{ specifier: string; node: Node }> = [];
  for (const node of program.body) {
    if (
      node.type === 'ImportDeclaration' ||
      node.type === 'ExportAllDeclaration' ||
      (node.type === 'ExportNamedDeclaration' && node.source)
    ) {
      const source = node.source!;
      sources.push({ specifier: String(source.value), node: source });
    }
  }
  for (const node of dynamicImports) {
    const source = (node as Node & { source: Node }).source;
    const specifier = literalString(source);
    // A computed specifier cannot be checked before it runs; the sandbox refuses it then if it must.
    if (specifier !== undefined) sources.push({ specifier, node: source });
  }
  return sources
    .sort((a, b) => a.node.start - b.node.start)
    .map(({ specifier, node }) => ({ specifier, at: positionIn(program, node) }));
}

/** Parses a package file as an ES module the way the sandbox would, with every import. */
export function parseModule(bytes: Uint8Array): ParsedModule {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, message: 'the file is not valid UTF-8 (save it as UTF-8)', at: { line: 1, column: 1 } };
  }
  try {
    const parser = new ModuleParser({ ecmaVersion: ECMA_VERSION, sourceType: 'module', allowHashBang: true }, text);
    const program = parser.parse();
    lineStarts.set(program, { text });
    return { ok: true, program, imports: importsOf(program, parser.dynamicImports) };
  } catch (error) {
    if (error instanceof SyntaxError) {
      const loc = (error as SyntaxError & { loc?: { line: number; column: number } }).loc;
      const message = error.message.replace(/\s*\(\d+:\d+\)$/, '');
      return { ok: false, message, at: loc ? { line: loc.line, column: loc.column + 1 } : { line: 1, column: 1 } };
    }
    if (error instanceof RangeError) {
      return { ok: false, message: 'the code nests too deeply to be parsed', at: { line: 1, column: 1 } };
    }
    throw error;
  }
}
