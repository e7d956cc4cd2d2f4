import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

// The SDK evaluates the modules a workflow imports once for every execution it keeps cached
// (issue 13): zod and the decision schemas cost ~1 MiB in each. Workflows load them on first use
// (a `require` in the validator), start children by type name and import types only. This
// follows the value imports (not `import type`, not type-only names) from each workflow and
// fails when one reaches zod or another workflow's module again.

const ROOT = resolve(__dirname, '../..');

/** The local modules and packages a file imports for their values. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const node of source.statements) {
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) continue;
    const spec = node.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec)) continue;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause &&
        !clause.name &&
        named &&
        ts.isNamedImports(named) &&
        named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
    } else if (node.isTypeOnly) continue;
    const target = spec.text;
    if (!target.startsWith('.')) {
      found.push(target);
      continue;
    }
    const base = resolve(dirname(file), target);
    const local = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (local) found.push(local);
  }
  return found;
}

/** Every module a workflow's code evaluates when it runs (its value-import closure). */
function evaluated(workflowFile: string): Set<string> {
  const seen = new Set<string>();
  const todo = [resolve(ROOT, workflowFile)];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.ts')) todo.push(...valueImports(file));
  }
  return new Set([...seen].map((f) => (f.endsWith('.ts') ? relative(ROOT, f) : f)));
}

const WORKFLOWS = [
  'workflows/care-journey.ts',
  'workflows/medication-course.ts',
  'workflows/medication-reminders.ts',
  'workflows/return-visit.ts',
  'workflows/on-call-escalation.ts',
  'workflows/hospital-transfer.ts',
  'workflows/contact.ts',
  'workflows/complaint.ts',
];

test.each(WORKFLOWS)('%s evaluates neither zod nor another workflow', (workflow) => {
  const modules = evaluated(workflow);
  expect([...modules].filter((m) => m === 'zod' || m.startsWith('zod/'))).toEqual([]);
  expect(WORKFLOWS.filter((other) => other !== workflow && modules.has(other))).toEqual([]);
});

test('the workflow entry imports no workflow for its value (each is required on first run)', () => {
  expect([...evaluated('workflows/index.ts')]).toEqual(['workflows/index.ts']);
});

test('the graph does follow value imports (the check can fail)', () => {
  const modules = evaluated('domain/clinic.ts');
  expect(modules.has('zod')).toBe(true);
  expect(modules.has('domain/emergency-numbers.ts')).toBe(true);
});
