import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * Reading the repository's own TypeScript sources, for the specs that check architecture rules
 * (table ownership, public APIs, one definition of a rule): which files there are, the text of their
 * string and template literals (SQL lives there; comments are not looked at), and their imports.
 */

/** The repository root (this file is libs/testing/src/source-scan.ts). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'tmp', 'coverage', '.nx', '.git', 'data', 'results']);

/** Test code: specs and everything under a `test/` folder (e2e specs and their support files). */
export function isTestFile(path: string): boolean {
  return /\.(spec|int-spec|e2e-spec)\.ts$/.test(path) || /(^|\/)test\//.test(path);
}

/** Repository-relative paths (with `/`) of the .ts files under the given top-level folders, sorted. */
export function sourceFiles(...roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        out.push(relative(REPO_ROOT, join(dir, entry.name)).split(sep).join('/'));
      }
    }
  };
  for (const root of roots) walk(join(REPO_ROOT, root));
  return out.sort();
}

const parsed = new Map<string, ts.SourceFile>();

function parse(path: string, text?: string): ts.SourceFile {
  if (text !== undefined) return ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  let file = parsed.get(path);
  if (!file) {
    file = ts.createSourceFile(path, readFileSync(join(REPO_ROOT, path), 'utf8'), ts.ScriptTarget.ES2022, true);
    parsed.set(path, file);
  }
  return file;
}

/** A piece of literal text of a source file: a string literal, or a template literal's text between substitutions. */
export interface LiteralText {
  text: string;
  line: number;
}

/** Every string literal and template literal text of a file (`text` to read given source instead of the file). */
export function literalTexts(path: string, text?: string): LiteralText[] {
  const file = parse(path, text);
  const out: LiteralText[] = [];
  const add = (node: ts.Node, value: string) => out.push({ text: value, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      add(node.head, node.head.text);
      for (const span of node.templateSpans) add(span.literal, span.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** A module a file imports or re-exports, with the names it takes (empty for `export *` or a namespace). */
export interface ImportOf {
  specifier: string;
  names: string[];
  line: number;
}

/** The static imports and re-exports of a file (`text` to read given source instead of the file). */
export function importsOf(path: string, text?: string): ImportOf[] {
  const file = parse(path, text);
  const out: ImportOf[] = [];
  const line = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const names: string[] = [];
      const clause = statement.importClause;
      if (clause?.name) names.push('default');
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const el of clause.namedBindings.elements) names.push((el.propertyName ?? el.name).text);
      }
      out.push({ specifier: statement.moduleSpecifier.text, names, line: line(statement) });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const names =
        statement.exportClause && ts.isNamedExports(statement.exportClause)
          ? statement.exportClause.elements.map((el) => (el.propertyName ?? el.name).text)
          : [];
      out.push({ specifier: statement.moduleSpecifier.text, names, line: line(statement) });
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const ref = statement.moduleReference.expression;
      if (ts.isStringLiteral(ref)) out.push({ specifier: ref.text, names: [], line: line(statement) });
    }
  }
  // dynamic import('...') and require('...') with a literal
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push({ specifier: (node.arguments[0] as ts.StringLiteralLike).text, names: [], line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** What a module (an index.ts) exports: `export { a, b } from` names, `export *` sources, and local exported declarations. */
export interface ModuleExports {
  /** Exported names with the module they are re-exported from (null: declared in the file itself). */
  names: Array<{ name: string; from: string | null }>;
  /** Module specifiers re-exported wholesale (`export * from '...'`). */
  star: string[];
}

export function exportsOf(path: string, text?: string): ModuleExports {
  const file = parse(path, text);
  const result: ModuleExports = { names: [], star: [] };
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : null;
      if (!statement.exportClause) {
        if (from) result.star.push(from);
      } else if (ts.isNamedExports(statement.exportClause)) {
        for (const el of statement.exportClause.elements) result.names.push({ name: el.name.text, from });
      } else if (ts.isNamespaceExport(statement.exportClause)) {
        result.names.push({ name: statement.exportClause.name.text, from });
      }
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) result.names.push({ name: d.name.text, from: null });
      } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
        result.names.push({ name: (statement.name as ts.Identifier).text, from: null });
      }
    }
  }
  return result;
}

/** The classes a file declares with a decorator of this name (e.g. TypeORM's `Entity`); `text` to read given source instead of the file. */
export function decoratedClasses(path: string, decorator: string, text?: string): string[] {
  const file = parse(path, text);
  const out: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    const decorated = (ts.getDecorators(statement) ?? []).some((d) => {
      const e = d.expression;
      const callee = ts.isCallExpression(e) ? e.expression : e;
      return ts.isIdentifier(callee) && callee.text === decorator;
    });
    if (decorated) out.push(statement.name.text);
  }
  return out;
}

/** A class of a file with its public methods (no `private`/`protected` modifier, no `#name`, not the constructor). */
export interface ClassMethods {
  name: string;
  publicMethods: string[];
}

/** The classes a file declares, each with its public methods. */
export function classMethods(path: string, text?: string): ClassMethods[] {
  const file = parse(path, text);
  const out: ClassMethods[] = [];
  for (const statement of file.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    const publicMethods = statement.members
      .filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m))
      .filter((m) => !(ts.getModifiers(m) ?? []).some((k) => k.kind === ts.SyntaxKind.PrivateKeyword || k.kind === ts.SyntaxKind.ProtectedKeyword))
      .filter((m) => !ts.isPrivateIdentifier(m.name))
      .map((m) => m.name.getText(file));
    out.push({ name: statement.name.text, publicMethods });
  }
  return out;
}
