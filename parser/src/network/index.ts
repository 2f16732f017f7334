import type { ReplayBody } from '../body.js';
import { asReplayError, CallbackError, ReplayError } from '../errors.js';
import { getInt, getString, type ReplayHeader } from '../header.js';
import { buildObjectTables } from './attribute-table.js';
import { FrameDecoder } from './frames.js';
import { ObjectIndex } from './object-index.js';
import { isRl223, type Version } from './version.js';
import type { Diagnostic, Frame, FrameVisitor, NetworkSummary } from './visitor.js';

export function versionOf(header: ReplayHeader): Version {
  return { engine: header.engineVersion, licensee: header.licenseeVersion, net: header.netVersion ?? 0 };
}

export interface NetworkOptions {
  resync: boolean;
  onProgress: ((fraction: number) => void) | undefined;
  visitor: FrameVisitor | undefined;
}

function diagnosticOf(err: ReplayError, severity: Diagnostic['severity']): Diagnostic {
  return {
    severity,
    code: err.code,
    message: err.message,
    frame: err.frame ?? null,
    bitOffset: err.offsetUnit === 'bit' && err.offset !== undefined ? err.offset : null,
    actorId: err.actorId ?? null,
    objectName: err.objectName ?? null,
    streamId: err.streamId ?? null,
    attributeName: err.attributeName ?? null,
    resumedAtFrame: null,
  };
}

/** Decode the network stream. Never throws: failures become diagnostics on a partial result. */
export function decodeNetwork(
  bytes: Uint8Array,
  header: ReplayHeader,
  body: ReplayBody,
  options: NetworkOptions,
): { frames: Frame[]; network: NetworkSummary } {
  const numFrames = Math.max(0, getInt(header.properties, 'NumFrames') ?? 0);
  const diagnostics: Diagnostic[] = [];
  let unknownAttributeNames: string[] = [];
  const partial = (framesDecoded: number) => ({
    status: 'partial' as const,
    framesDecoded,
    framesTotal: numFrames,
    recoveredFraction: numFrames === 0 ? 0 : framesDecoded / numFrames,
    diagnostics,
    unknownAttributeNames,
  });
  try {
    if (numFrames > body.networkSize) {
      throw new ReplayError(
        'CORRUPT_BODY',
        `header NumFrames ${numFrames} exceeds the ${body.networkSize}-byte network stream`,
        {
          section: 'network',
        },
      );
    }
    const index = new ObjectIndex(body.objects);
    const tables = buildObjectTables(body, index);
    unknownAttributeNames = tables.unknownAttributeNames;
    if (unknownAttributeNames.length > 0) {
      const n = unknownAttributeNames.length;
      const shown = unknownAttributeNames.slice(0, 5).join(', ');
      diagnostics.push(
        diagnosticOf(
          new ReplayError(
            'UNKNOWN_ATTRIBUTE',
            `${n} net-cache attribute name(s) have no known wire type (harmless unless replicated; see network.unknownAttributeNames): ${shown}${n > 5 ? ', ...' : ''}`,
          ),
          'warning',
        ),
      );
    }
    const maxChannels = getInt(header.properties, 'MaxChannels') ?? 1023;
    const decoder = new FrameDecoder(
      bytes.subarray(body.networkOffset, body.networkOffset + body.networkSize),
      {
        version: versionOf(header),
        numFrames,
        maxChannels: maxChannels > 0 ? maxChannels : 1023,
        isLan: getString(header.properties, 'MatchType') === 'Lan',
        isRl223: isRl223(getString(header.properties, 'BuildVersion')),
        keyframes: body.keyframes,
        objects: body.objects,
        tables,
        index,
        resync: options.resync,
        onProgress: options.onProgress,
        visitor: options.visitor,
      },
    );
    const result = decoder.decodeAll();
    diagnostics.push(...result.diagnostics);
    const failed = result.diagnostics.length > 0 || result.framesDecoded < numFrames;
    if (!failed) {
      return {
        frames: result.frames,
        network: {
          status: 'complete',
          framesDecoded: result.framesDecoded,
          framesTotal: numFrames,
          recoveredFraction: 1,
          diagnostics,
          unknownAttributeNames,
        },
      };
    }
    if (result.diagnostics.length === 0) {
      diagnostics.push(
        diagnosticOf(
          new ReplayError(
            'TRUNCATED',
            `network stream ended after ${result.framesDecoded} of ${numFrames} frames`,
            { section: 'network' },
          ),
          'error',
        ),
      );
    }
    return { frames: result.frames, network: partial(result.framesDecoded) };
  } catch (e) {
    if (e instanceof CallbackError) throw e;
    diagnostics.push(diagnosticOf(asReplayError(e, 'FRAME_DECODE', { section: 'network' }), 'error'));
    return { frames: [], network: partial(0) };
  }
}
