import { describe, expect, it } from 'vitest';
import { findPreset } from './presets';
import { labelsFromMetadata, makeMetadata } from './tfjs-metadata';

describe('metadata.json beside model.json', () => {
  const arch = findPreset('catsdogs-naive')!.build();
  const meta = makeMetadata(['cats', 'dogs'], arch, {
    modelName: 'Cats vs dogs from scratch',
    tfjsVersion: '4.22.0',
    stripAugmentation: true,
    now: new Date(Date.UTC(2026, 11, 6)),
  });

  it('says the class names in output order and the image size, as Teachable Machine does', () => {
    expect(meta.labels).toEqual(['cats', 'dogs']);
    expect(meta.imageSize).toBe(180);
    expect(meta.imageChannels).toBe(3);
    expect(meta.userMetadata.augmentation).toBe('left out (training only)');
  });

  it('gives the labels back only when there is one per class', () => {
    expect(labelsFromMetadata(JSON.stringify(meta), 2)).toEqual(['cats', 'dogs']);
    expect(labelsFromMetadata(JSON.stringify(meta), 3)).toBeNull();
    expect(labelsFromMetadata('{ not json', 2)).toBeNull();
    expect(labelsFromMetadata('{"labels": ["a", 3]}', 2)).toBeNull();
  });
});
