import { describe, expect, it } from 'vitest';
import { detectLayout } from './folder-layout';
import { captureFolder, capturePaths, centreCrop, classNameProblem } from './webcam-files';

describe('captureFolder and capturePaths', () => {
  it('puts captures in a new webcam/ folder when there is no folder', () => {
    const folder = captureFolder(null, null);
    expect(capturePaths(folder, 'thumbs up', 2)).toEqual([
      'webcam/thumbs up/webcam-0001.png',
      'webcam/thumbs up/webcam-0002.png',
    ]);
  });

  it("goes inside the picked folder's class folder, numbered after its earlier captures", () => {
    const files = ['pets/cat/a.jpg', 'pets/dog/webcam-0007.png', 'pets/dog/webcam-0002.png'].map((path) => ({ path }));
    const folder = captureFolder(files, 'classes');
    expect(capturePaths(folder, 'dog', 1)).toEqual(['pets/dog/webcam-0008.png']);
    expect(capturePaths(folder, 'cat', 1)).toEqual(['pets/cat/webcam-0001.png']);
    expect(capturePaths(folder, 'bird', 1)).toEqual(['pets/bird/webcam-0001.png']);
  });

  it('adds to train/ of a train/validation/test folder, and the layout reads them as training images', () => {
    const files = ['set/Train/a/1.png', 'set/val/a/2.png', 'set/Train/b/3.png'].map((path) => ({ path }));
    const paths = capturePaths(captureFolder(files, 'splits'), 'b', 1);
    expect(paths).toEqual(['set/Train/b/webcam-0001.png']);
    const layout = detectLayout(
      [...files, ...paths.map((path) => ({ path }))].map((f) => ({ path: f.path, size: 10 })),
    );
    expect(layout.ok && layout.candidates.at(-1)).toMatchObject({
      path: 'Train/b/webcam-0001.png',
      label: 1,
      given: 'train',
    });
  });

  it('a new webcam folder with two classes is a valid class-folder layout', () => {
    const folder = captureFolder(null, null);
    const paths = [...capturePaths(folder, 'left', 2), ...capturePaths(folder, 'right', 2)];
    const layout = detectLayout(paths.map((path) => ({ path, size: 10 })));
    expect(layout.ok && [layout.rootName, layout.classNames]).toEqual(['webcam', ['left', 'right']]);
  });
});

describe('centreCrop', () => {
  it("takes the largest centred part with the input's aspect", () => {
    expect(centreCrop(640, 480, 28, 28)).toEqual({ sx: 80, sy: 0, sw: 480, sh: 480 });
    expect(centreCrop(480, 640, 90, 180)).toEqual({ sx: 0, sy: 200, sw: 480, sh: 240 });
  });
});

describe('classNameProblem', () => {
  it('accepts ordinary names and refuses empty, separators, reserved characters and split names', () => {
    expect(classNameProblem('thumbs up')).toBeNull();
    expect(classNameProblem('  ')).toMatch(/name/);
    expect(classNameProblem('a/b')).toMatch(/\//);
    expect(classNameProblem('a:b')).toMatch(/:/);
    expect(classNameProblem('Validation')).toMatch(/split/);
  });
});
