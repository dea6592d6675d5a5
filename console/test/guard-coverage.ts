// Finds server actions and route handlers that are not wrapped in one of the guards of
// src/lib/guards/, by reading the source (a guard is a rule about how the code is written).
import ts from 'typescript';

const ACTION_GUARDS = [
  'withInput',
  'withUser',
  'withSignedIn',
  'withTenantRole',
  'withStaff',
] as const;
const ROUTE_GUARDS = ['withUserRoute', 'withStaffRoute', 'withStripeWebhook'] as const;
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface SourceFile {
  /** Relative to console/src, with forward slashes. */
  path: string;
  text: string;
}

interface Endpoint {
  file: string;
  name: string;
  kind: 'action' | 'route';
  guard: string | undefined;
}

interface Finding {
  file: string;
  name: string;
  problem: string;
}

function hasUseServer(statements: readonly ts.Statement[]): boolean {
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    if (statement.expression.text === 'use server') return true;
  }
  return false;
}

function isExported(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/** `withUser(...)` → 'withUser'; anything else → undefined. */
function guardOf(expression: ts.Expression | undefined, guards: readonly string[]) {
  if (!expression || !ts.isCallExpression(expression)) return undefined;
  const callee = expression.expression;
  return ts.isIdentifier(callee) && guards.includes(callee.text) ? callee.text : undefined;
}

/** Every exported value of a file: [name, its initializer if it is `export const name = …`]. */
function exportedValues(source: ts.SourceFile): Array<[string, ts.Expression | undefined]> {
  const values: Array<[string, ts.Expression | undefined]> = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        values.push([declaration.name.getText(source), declaration.initializer]);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
      isExported(statement)
    ) {
      values.push([statement.name?.text ?? 'default', undefined]);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (!element.isTypeOnly) values.push([element.name.text, undefined]);
        }
      } else {
        values.push(['*', undefined]);
      }
    } else if (ts.isExportAssignment(statement)) {
      values.push(['default', statement.expression]);
    }
  }
  return values;
}

/** Inline `'use server'` inside a function body: an action that no guard can wrap. */
function inlineActions(source: ts.SourceFile): number {
  let count = 0;
  const visit = (node: ts.Node) => {
    if (ts.isBlock(node) && ts.isFunctionLike(node.parent) && hasUseServer(node.statements)) {
      count += 1;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return count;
}

/**
 * The endpoints of the given files, and what is wrong. `exempt` maps a route file to the reason
 * it cannot be guarded (next-auth's own endpoint is the sign-in itself).
 */
export function checkGuards(
  files: readonly SourceFile[],
  exempt: Readonly<Record<string, string>> = {},
): { endpoints: Endpoint[]; findings: Finding[] } {
  const endpoints: Endpoint[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const kind = file.path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, kind);
    if (inlineActions(source) > 0) {
      findings.push({
        file: file.path,
        name: '(inline)',
        problem: "has an inline 'use server' function; move it into an actions file with a guard",
      });
    }
    const isRoute = /(^|\/)app\/.*route\.tsx?$/.test(file.path);
    if (hasUseServer(source.statements)) {
      for (const [name, initializer] of exportedValues(source)) {
        const guard = guardOf(initializer, ACTION_GUARDS);
        endpoints.push({ file: file.path, name, kind: 'action', guard });
        if (!guard) {
          findings.push({
            file: file.path,
            name,
            problem: `is a server action without a guard (${ACTION_GUARDS.join(', ')})`,
          });
        }
      }
    } else if (isRoute && !(file.path in exempt)) {
      for (const [name, initializer] of exportedValues(source)) {
        if (!HTTP_METHODS.has(name) && name !== '*') continue;
        const guard = guardOf(initializer, ROUTE_GUARDS);
        endpoints.push({ file: file.path, name, kind: 'route', guard });
        if (!guard) {
          findings.push({
            file: file.path,
            name,
            problem: `is a route handler without a guard (${ROUTE_GUARDS.join(', ')})`,
          });
        }
      }
    }
  }
  return { endpoints, findings };
}
