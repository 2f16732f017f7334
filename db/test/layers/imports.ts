/**
 * Reads every import of a workspace package's files and judges it against the layer rules:
 * a service (web, realtime, worker) never imports another service, and every package import goes
 * through a dependency the importing package's package.json declares.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export const SERVICES = ['@rlcoach/web', '@rlcoach/realtime', '@rlcoach/worker'] as const;

export interface Violation {
  file: string;
  specifier: string;
  rule: 'service-imports-service' | 'undeclared-dependency' | 'path-escapes-package';
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|svelte)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', '.svelte-kit', 'fixtures']);
const BUILTINS = new Set(builtinModules);
/** Unit tests kept next to their module (x.test.ts under web/src) are tests too. */
const TEST_FILE = /\.test\.[cm]?[jt]s$/;
/** SvelteKit's and Vite's own module names: resolved by the framework, not by a package. */
const VIRTUAL = /^(\$app|\$env|\$lib|\$service-worker|\.\/\$types|virtual:)/;

function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (SKIPPED_DIRS.has(e)) continue;
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else if (SOURCE.test(e) && !e.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every module specifier a file imports, re-exports, dynamically imports or requires. */
export function importsOf(file: string): string[] {
  let text = readFileSync(file, 'utf8');
  if (file.endsWith('.svelte'))
    text = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Judge one package directory (its src/ and test/ files). `rootDevDependencies` (the workspace's
 * shared tooling: vitest, playwright-core, …) count as declared for test files only, never for modules.
 */
export function checkPackage(dir: string, rootDevDependencies: Record<string, string> = {}): Violation[] {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  const declared = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.devDependencies ?? {}),
  ]);
  const isService = (SERVICES as readonly string[]).includes(pkg.name);
  const violations: Violation[] = [];
  for (const folder of ['src', 'test']) {
    for (const file of listFiles(path.join(dir, folder))) {
      const rel = path.relative(dir, file);
      for (const specifier of importsOf(file)) {
        const bare = specifier.split('?')[0] ?? specifier;
        if (VIRTUAL.test(bare)) continue;
        if (bare.startsWith('.') || bare.startsWith('/')) {
          const target = path.resolve(path.dirname(file), bare);
          if (path.relative(dir, target).startsWith('..'))
            violations.push({ file: rel, specifier, rule: 'path-escapes-package' });
          continue;
        }
        if (bare.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(packageOf(bare))) continue;
        const name = packageOf(bare);
        if (name === pkg.name) continue;
        if (isService && (SERVICES as readonly string[]).includes(name)) {
          violations.push({ file: rel, specifier, rule: 'service-imports-service' });
          continue;
        }
        if (declared.has(name)) continue;
        if ((folder === 'test' || TEST_FILE.test(file)) && name in rootDevDependencies) continue;
        violations.push({ file: rel, specifier, rule: 'undeclared-dependency' });
      }
    }
  }
  // A service must not even declare another service: no service is depended on.
  if (isService)
    for (const name of declared)
      if ((SERVICES as readonly string[]).includes(name))
        violations.push({ file: 'package.json', specifier: name, rule: 'service-imports-service' });
  return violations;
}
