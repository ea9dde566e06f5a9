import { describe, expect, it } from 'vitest';
import { stepPiecesText } from './step-pieces-text';

describe('stepPiecesText', () => {
  it('says how many images run at once and what memory that saves', () => {
    const text = stepPiecesText(
      { size: 4, pieces: 8, pieceBytes: 140 * 1024 * 1024, batchBytes: 1100 * 1024 * 1024 },
      32,
    );
    expect(text).toBe(
      'Each batch of 32 runs through the model 4 images at a time (8 pieces), their gradients added up into one update: about 140 MB of working memory instead of 1.1 GB, the same training.',
    );
  });
});
