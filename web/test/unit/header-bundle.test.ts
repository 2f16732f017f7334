// What the instant preview costs the browser: bundle the upload check (inspect.ts + header-preview.ts)
// the way Vite builds the web app and check it carries only the parser's header path — no Node
// built-ins, none of the body or network decoder.
import { describe, expect, it } from 'vitest';
import { bundleLib } from '../../bench/upload-bundle.mjs';

async function bundle(): Promise<string> {
  const chunks = await bundleLib({
    entries: { inspect: 'upload/inspect.ts', preview: 'upload/header-preview.ts' },
    minify: false,
  });
  return chunks.join('');
}

describe('instant preview bundle', () => {
  it('holds the header decoder and CRC, and no Node built-in or network decoder', async () => {
    const code = await bundle();
    expect(code).toContain('TAGame.Replay_'); // the signature check
    expect(code).toContain('header CRC mismatch');
    expect(code).not.toMatch(/from\s*['"]node:|require\(['"]node:/);
    // Vite marks each bundled module with a `// path` line: only the header path of the parser is in.
    // Marker paths are relative to the runner's cwd (`// parser/src/…` from the root, `// ../parser/src/…` from web/).
    const marker = /^\/\/ (?:\.\.\/)?parser\/src\/(.+)$/;
    const parserModules = code.split('\n').flatMap((l) => marker.exec(l)?.[1] ?? []);
    expect(parserModules).toContain('header.ts');
    expect(parserModules.filter((m) => m.startsWith('network/') || m.startsWith('analysis/'))).toEqual([]);
    expect(parserModules).not.toContain('body.ts');
    expect(code).not.toContain("'keyframes'");
    // The header path plus the map-name table (about 26 KB unminified), not the whole parser.
    expect(code.length).toBeLessThan(60_000);
  });
});
