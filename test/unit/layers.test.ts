// The layering is enforced, not remembered: the ESLint rules (eslint.config.js) reject an
// upward import, and no import cycle exists in src, checks or reports, type-only imports
// included (ESLint's no-cycle skips those, so this test walks the graph itself).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('layer rules', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (file: string, text: string) => {
    const [r] = await eslint.lintText(text, { filePath: join(ROOT, file) });
    return r!.messages.map((m) => m.ruleId);
  };

  it.each([
    ['src/model/probe.ts', '../engine/context.js', "import type { Context } from '../engine/context.js';\nexport type X = Context;\n"],
    [
      'src/model/probe.ts',
      '../store/scan-store.js',
      "import type { SlaPolicy } from '../store/scan-store.js';\nexport type X = SlaPolicy;\n",
    ],
    ['src/org/probe.ts', '../cli/args.js', "import { InputError } from '../cli/args.js';\nexport const x = InputError;\n"],
    ['src/store/probe.ts', '../tickets/plan.js', "import type { SyncAction } from '../tickets/plan.js';\nexport type X = SyncAction;\n"],
    [
      'checks/ec2/probe.ts',
      '../../src/collect/index.js',
      "import { collect } from '../../src/collect/index.js';\nexport const x = collect;\n",
    ],
    [
      'checks/ec2/probe.ts',
      '../../src/engine/evaluate.js',
      "import { evaluate } from '../../src/engine/evaluate.js';\nexport const x = evaluate;\n",
    ],
    [
      'reports/probe.ts',
      '../src/pipeline/assess-account.js',
      "import { assessAccount } from '../src/pipeline/assess-account.js';\nexport const x = assessAccount;\n",
    ],
    ['src/engine/probe.ts', '../store/scan-store.js', "import { ScanStore } from '../store/scan-store.js';\nexport const x = ScanStore;\n"],
    ['src/analysis/probe.ts', '../engine/context.js', "import { Context } from '../engine/context.js';\nexport const x = Context;\n"],
  ])('%s may not import %s', async (file, _specifier, text) => {
    expect(await lint(file, text)).toContain('import-x/no-restricted-paths');
  });

  it('allows the imports the layering intends', async () => {
    expect(
      await lint(
        'checks/ec2/probe.ts',
        "import type { CheckContext } from '../../src/engine/check-api.js';\nexport type X = CheckContext;\n",
      ),
    ).toEqual([]);
    expect(
      await lint('src/org/probe.ts', "import { assessAccount } from '../pipeline/assess-account.js';\nexport const x = assessAccount;\n"),
    ).toEqual([]);
  });

  it('rejects an import cycle', async () => {
    expect(await lint('reports/html-history.ts', "import { renderHtml } from './html.js';\nexport const x = renderHtml;\n")).toContain(
      'import-x/no-cycle',
    );
  });

  it('keeps the AWS SDK inside src/collect', async () => {
    expect(await lint('src/engine/probe.ts', "import { IAMClient } from '@aws-sdk/client-iam';\nexport const x = IAMClient;\n")).toContain(
      'no-restricted-imports',
    );
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of every file, type-only ones included, resolved to a .ts file. */
function importGraph(): Map<string, string[]> {
  const files = ['src', 'checks', 'reports'].flatMap((d) => sourceFiles(join(ROOT, d)));
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const deps = importedFiles
        .map((i) => i.fileName)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
        .filter((dep) => known.has(dep));
      return [file, deps];
    }),
  );
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(relative(ROOT, w));
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  it('has no cycle in src, checks or reports, counting type-only imports', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('the cycle finder finds a planted cycle', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(g).map((c) => c.length)).toEqual([3]);
  });
});
