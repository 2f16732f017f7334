// The worker mirrors realtime's event payload types (it cannot import them: realtime depends on
// the worker). This compiles a small file asserting both sides are identical, and checks the room name.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import ts from 'typescript';
import { rooms } from '@rlcoach/realtime/events';
import { userRoom } from '../src/status-events.js';
import { WORKER_DIR } from './support.js';

describe('status events contract', () => {
  it('emits the exact payload types realtime declares', () => {
    const file = path.join(WORKER_DIR, 'test/fixtures/events-compat.ts');
    const program = ts.createProgram([file], {
      noEmit: true,
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      customConditions: ['@rlcoach/source'],
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 30_000);

  it('targets the same user room', () => {
    expect(userRoom('u1')).toBe(rooms.user('u1'));
  });
});
