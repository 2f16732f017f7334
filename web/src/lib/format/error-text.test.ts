import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';

describe('error text for people', () => {
  it('puts a bare parser error behind a sentence for its code', () => {
    const raw = 'Parser: NOT_A_REPLAY: game type length 2019914784 at offset 20 is implausible';
    expect(errorText(raw)).toEqual({
      sentence: "This isn't a Rocket League replay file. Pick a .replay file from your Demos folder.",
      detail: raw,
    });
    expect(errorText('TRUNCATED: header runs past the end').sentence).toMatch(/cut short/);
  });

  it('keeps a leading sentence and moves the technical tail to the detail', () => {
    expect(errorText('This replay file is cut short. Parser: TRUNCATED: declared size 9000')).toEqual({
      sentence: 'This replay file is cut short.',
      detail: 'Parser: TRUNCATED: declared size 9000',
    });
  });

  it('leaves a plain sentence alone and says something when there is nothing', () => {
    expect(errorText('This replay could not be read: the file is cut short.')).toEqual({
      sentence: 'This replay could not be read: the file is cut short.',
      detail: null,
    });
    expect(errorText(null, 'Processing failed.')).toEqual({ sentence: 'Processing failed.', detail: null });
    expect(errorText('WEIRD_CODE: x').sentence).toBe('Something went wrong with this replay.');
  });
});
