// @vitest-environment happy-dom
// The Grad-CAM note says when the map behind it is coarse; the confusion matrix's wait shows its seconds.
import { act } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { BusyNote } from './BusyNote';
import { Prediction } from './Prediction';
import { mount, renderMarkup } from '../dom-test-helpers';

const gradCam = (side: number) =>
  renderMarkup(
    <Prediction
      probabilities={Float32Array.from([0.25, 0.75])}
      classNames={['cat', 'dog']}
      image={{ pixels: new Uint8Array(4), height: 2, width: 2, channels: 1 }}
      saliency={{
        method: 'grad-cam',
        classIndex: 1,
        height: 2,
        width: 2,
        values: Float32Array.from([0, 0.5, 1, 0]),
        layer: 'conv2d_2',
        cells: { height: side, width: side },
      }}
    />,
  ).textContent;

describe('Prediction', () => {
  test('a Grad-CAM map of 3x3 cells is called coarse; one of 7x7 is not', () => {
    expect(gradCam(3)).toContain("conv2d_2's map is only 3×3 cells, so it is coarse");
    expect(gradCam(7)).not.toContain('coarse');
  });
});

describe('BusyNote', () => {
  test('says what it computes, with a spinner, and counts the seconds', () => {
    vi.useFakeTimers();
    try {
      const view = mount(<BusyNote testId="busy">Computing the confusion matrix…</BusyNote>);
      const note = view.root.querySelector('[data-testid=busy]')!;
      expect(note.getAttribute('role')).toBe('status');
      expect(note.querySelector('.spinner')).toBeTruthy();
      expect(note.textContent).toBe('Computing the confusion matrix…');
      act(() => vi.advanceTimersByTime(2100));
      expect(note.textContent).toBe('Computing the confusion matrix… 2 s');
      view.unmount();
    } finally {
      vi.useRealTimers();
    }
  });
});
