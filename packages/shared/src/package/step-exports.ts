import type { Expression, Node, ObjectExpression, Program } from 'acorn';
import { allNodes, positionIn, type Position } from './module-parse.js';
import { resolveModuleSpecifier } from './module-resolve.js';

/**
 * Which steps `main` exports, found statically as the sandbox looks them up at run time:
 * `(await import(main)).default.steps[stepId]`. The default export is followed through local
 * bindings (`const plugin = {…}; export default plugin`), `export { x as default }`, imports and
 * re-exports of other package modules. Only what is certain is reported: anything computed
 * (a call, a computed key, a spread of something unknown, a binding assigned elsewhere) makes the
 * answer "unknown", and unknown is never refused.
 */
export type StepExports =
  /** The steps object is known: its keys, and where it is. */
  | { kind: 'known'; keys: Set<string>; module: string; at: Position }
  /** Certainly no steps: no default export, or a default export without a `steps` object. */
  | { kind: 'none'; why: string; module: string; at: Position }
  | { kind: 'unknown' };

type Value = { module: string; node: Node } | 'none' | 'unknown';

interface Graph {
  programs: ReadonlyMap<string, Program>;
  has(path: string): boolean;
}

const UNKNOWN: StepExports = { kind: 'unknown' };

function nameOf(node: Node): string | undefined {
  const n = node as Node & { name?: string; value?: unknown };
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  return undefined;
}

class Analysis {
  private readonly seen = new Set<string>();
  constructor(private readonly graph: Graph) {}

  /** The parsed module (one the analysis reached, so it is in the graph). */
  program(module: string): Program {
    return this.graph.programs.get(module)!;
  }

  private target(module: string, specifier: unknown): string | undefined {
    if (typeof specifier !== 'string') return undefined;
    const resolved = resolveModuleSpecifier(module, specifier, this.graph);
    return resolved.ok && this.graph.programs.has(resolved.path) ? resolved.path : undefined;
  }

  /** The value a module exports as `name` (`default` included). */
  exported(module: string, name: string): Value {
    const key = `${module}\0${name}`;
    if (this.seen.has(key)) return 'unknown';
    this.seen.add(key);
    const program = this.graph.programs.get(module);
    if (!program) return 'unknown';
    let stars = false;
    for (const node of program.body) {
      if (node.type === 'ExportDefaultDeclaration' && name === 'default') {
        const declaration = node.declaration as Node;
        if (declaration.type === 'Identifier') return this.binding(module, nameOf(declaration)!, declaration);
        return { module, node: declaration };
      }
      if (node.type === 'ExportNamedDeclaration') {
        const declared = node.declaration;
        if (declared?.type === 'VariableDeclaration') {
          for (const d of declared.declarations) {
            if (d.id.type === 'Identifier' && d.id.name === name) return this.binding(module, name, d.id);
          }
        } else if (declared && 'id' in declared && declared.id && nameOf(declared.id) === name) {
          return { module, node: declared };
        }
        for (const spec of node.specifiers) {
          if (nameOf(spec.exported) !== name) continue;
          const local = nameOf(spec.local)!;
          if (!node.source) return this.binding(module, local, spec.local);
          const from = this.target(module, node.source.value);
          return from ? this.exported(from, local) : 'unknown';
        }
      }
      if (node.type === 'ExportAllDeclaration') {
        if (node.exported) {
          if (nameOf(node.exported) === name) return 'unknown';
        } else stars = true;
      }
    }
    // `export *` never re-exports `default`; other names may come through it.
    if (stars && name !== 'default') return 'unknown';
    return 'none';
  }

  /**
   * The value of the top-level binding `name` of a module: a `const`, `let` or `var` initialised
   * once and never referenced elsewhere (so never changed, nor redeclared), or an import followed
   * to its module. `var` matters: bundlers (esbuild, the `init --typescript` build) emit it.
   */
  binding(module: string, name: string, use: Node): Value {
    const program = this.graph.programs.get(module)!;
    for (const node of program.body) {
      if (node.type === 'ImportDeclaration') {
        for (const spec of node.specifiers) {
          if (spec.local.name !== name) continue;
          const from = this.target(module, node.source.value);
          if (!from || spec.type === 'ImportNamespaceSpecifier') return 'unknown';
          return this.exported(from, spec.type === 'ImportDefaultSpecifier' ? 'default' : nameOf(spec.imported)!);
        }
      }
      const declaration =
        node.type === 'VariableDeclaration'
          ? node
          : node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'VariableDeclaration'
            ? node.declaration
            : undefined;
      for (const d of declaration?.declarations ?? []) {
        if (d.id.type !== 'Identifier' || d.id.name !== name) continue;
        if (!d.init || this.referencedElsewhere(program, name, d.id, use)) {
          return 'unknown';
        }
        return { module, node: d.init };
      }
    }
    return 'unknown';
  }

  /** Whether `name` is referenced anywhere but its declaration and `use` (keys and `.x` are not references). */
  private referencedElsewhere(program: Program, name: string, declared: Node, use: Node): boolean {
    const notReferences = new Set<Node>();
    for (const node of allNodes(program)) {
      const n = node as Node & { key?: Node; value?: unknown; property?: Node; computed?: boolean };
      if ((n.type === 'Property' || n.type === 'MethodDefinition' || n.type === 'PropertyDefinition') && !n.computed) {
        if (n.key && n.key !== n.value) notReferences.add(n.key);
      } else if (n.type === 'MemberExpression' && !n.computed && n.property) {
        notReferences.add(n.property);
      }
      if (node === declared || node === use || notReferences.has(node)) continue;
      if (node.type === 'Identifier' && (node as Node & { name: string }).name === name) return true;
    }
    return false;
  }

  /** A value followed through top-level bindings to what it is. */
  settle(value: Value): Value {
    for (let hops = 0; hops < 32 && typeof value === 'object' && value.node.type === 'Identifier'; hops += 1) {
      value = this.binding(value.module, nameOf(value.node)!, value.node);
    }
    return value;
  }

  /** The `steps` property of an object literal (later properties win), as a value. */
  property(object: { module: string; node: ObjectExpression }, key: string): Value {
    let found: Value = 'none';
    for (const prop of object.node.properties) {
      if (prop.type === 'SpreadElement') {
        const spread = this.settle({ module: object.module, node: prop.argument });
        if (typeof spread !== 'object' || spread.node.type !== 'ObjectExpression') return 'unknown';
        const inner = this.property({ module: spread.module, node: spread.node as ObjectExpression }, key);
        if (inner === 'unknown') return 'unknown';
        if (inner !== 'none') found = inner;
        continue;
      }
      const name = prop.computed ? literalKey(prop.key) : keyName(prop.key);
      if (name === undefined) return 'unknown';
      if (name === key) found = prop.kind === 'init' ? { module: object.module, node: prop.value } : 'unknown';
    }
    return found;
  }

  /** Every own key of an object literal, or undefined when one of them is not known. */
  keys(object: { module: string; node: ObjectExpression }, depth = 0): Set<string> | undefined {
    const keys = new Set<string>();
    for (const prop of object.node.properties) {
      if (prop.type === 'SpreadElement') {
        const spread = this.settle({ module: object.module, node: prop.argument });
        if (depth > 16 || typeof spread !== 'object' || spread.node.type !== 'ObjectExpression') return undefined;
        const inner = this.keys({ module: spread.module, node: spread.node as ObjectExpression }, depth + 1);
        if (!inner) return undefined;
        for (const k of inner) keys.add(k);
        continue;
      }
      const name = prop.computed ? literalKey(prop.key) : keyName(prop.key);
      if (name === undefined) return undefined;
      keys.add(name);
    }
    return keys;
  }
}

function keyName(key: Expression | Node): string | undefined {
  const k = key as Node & { name?: string; value?: unknown };
  if (k.type === 'Identifier') return k.name;
  if (k.type === 'Literal') return String(k.value);
  return undefined;
}

function literalKey(key: Expression | Node): string | undefined {
  const k = key as Node & { value?: unknown; expressions?: unknown[]; quasis?: Array<{ value: { cooked?: string } }> };
  if (k.type === 'Literal' && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  if (k.type === 'TemplateLiteral' && k.expressions?.length === 0) return k.quasis?.[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The steps `main` exports, as far as they can be known without running it. */
export function stepExports(main: string, graph: Graph): StepExports {
  const analysis = new Analysis(graph);
  const exported = analysis.settle(analysis.exported(main, 'default'));
  if (exported === 'unknown') return UNKNOWN;
  if (exported === 'none') {
    return { kind: 'none', why: `${main} has no default export`, module: main, at: { line: 1, column: 1 } };
  }
  const { node, module } = exported;
  const at = positionIn(analysis.program(module), node);
  const literal = node as Node & { value?: unknown; raw?: string };
  if (node.type === 'Literal' && (literal.value === null || typeof literal.value !== 'object')) {
    return {
      kind: 'none',
      why: `the default export of ${module} is ${String(literal.raw ?? literal.value)}, not an object`,
      module,
      at,
    };
  }
  if (node.type !== 'ObjectExpression') return UNKNOWN;
  const steps = analysis.settle(analysis.property({ module, node: node as ObjectExpression }, 'steps'));
  if (steps === 'unknown') return UNKNOWN;
  if (steps === 'none') {
    return { kind: 'none', why: `the default export of ${module} has no "steps" object`, module, at };
  }
  if (steps.node.type !== 'ObjectExpression') return UNKNOWN;
  const keys = analysis.keys({ module: steps.module, node: steps.node as ObjectExpression });
  return keys
    ? { kind: 'known', keys, module: steps.module, at: positionIn(analysis.program(steps.module), steps.node) }
    : UNKNOWN;
}
