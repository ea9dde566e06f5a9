import { describe, expect, it } from 'vitest';
import { findPreset } from '../model/presets';
import { decodeShare, encodeShare } from './share';
import { folderNote } from './share-folder';

const arch = findPreset('catsdogs-naive')!.build();
const setup = { arch, settings: { epochs: 30 }, text: null, ab: null };

describe('the data a share link names', () => {
  it('carries a built-in dataset by name', async () => {
    const back = await decodeShare(await encodeShare({ ...setup, dataset: 'shapes' }));
    expect(back.ok && back.setup.dataset).toBe('shapes');
  });

  it('names the folder a custom dataset came from (never its images), and says what to load', async () => {
    const folder = { name: 'cats_vs_dogs_small', classNames: ['cats', 'dogs'] };
    const back = await decodeShare(await encodeShare({ ...setup, dataset: null, folder }));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.setup.dataset).toBeNull();
    expect(back.setup.folder).toEqual(folder);
    expect(folderNote(folder, null)).toContain('load that folder in Data');
    expect(folderNote(folder, null)).toContain('"cats_vs_dogs_small" (2 classes: cats, dogs)');
    expect(folderNote(folder, 'cats_vs_dogs_small')).toContain('the data loaded now');
  });

  it('a link without data names none; a bad folder entry refuses the link', async () => {
    const back = await decodeShare(await encodeShare({ ...setup, dataset: null }));
    expect(back.ok && back.setup.folder).toBeNull();
    const bad = await encodeShare({ ...setup, dataset: null, folder: { name: '\u0001', classNames: [] } });
    const refused = await decodeShare(bad);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toContain('the folder it names has no name');
  });
});
