// @vitest-environment happy-dom
import { act, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ChoiceField, indices } from './ChoiceField';
import { byTestId, mount, renderMarkup } from '../dom-test-helpers';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** Picks `value` in the select as a student would (the browser sets the value, then fires change). */
function choose(select: HTMLElement, value: string) {
  act(() => {
    (select as HTMLSelectElement).value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('ChoiceField', () => {
  it('labels the select, shows each choice in words, and keeps the test id on the select', () => {
    const root = renderMarkup(
      <ChoiceField
        label="As"
        testId="format"
        value="files"
        choices={['zip', 'files']}
        text={{ zip: 'one .zip', files: 'two files' }}
        wide={false}
        onChange={() => {}}
      />,
    );
    const select = byTestId(root, 'format') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect(select.closest('label')?.className).toBe('field');
    expect(select.closest('label')?.textContent).toContain('As');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['zip', 'one .zip'],
      ['files', 'two files'],
    ]);
    expect([...select.options].find((o) => o.selected)?.value).toBe('files');
  });

  it('hands back a number choice as a number', () => {
    const picked: number[] = [];
    function Channels() {
      const [channels, setChannels] = useState(1);
      return (
        <ChoiceField
          label="Colour"
          testId="channels"
          value={channels}
          choices={[1, 3]}
          text={(c) => `${c} channel${c === 1 ? '' : 's'}`}
          onChange={(c) => {
            picked.push(c);
            setChannels(c);
          }}
        />
      );
    }
    mounted = mount(<Channels />);
    const select = byTestId(mounted.root, 'channels') as HTMLSelectElement;
    choose(select, '3');
    expect(picked).toEqual([3]);
    expect(select.value).toBe('3');
    expect(select.selectedOptions[0]?.textContent).toBe('3 channels');
  });

  it('inline: the words, then the select, in one label; an unavailable choice is shown but disabled', () => {
    const root = renderMarkup(
      <ChoiceField
        label="Split"
        testId="split"
        value="test"
        choices={['train', 'val', 'test']}
        text={(s) => s}
        unavailable={(s) => s === 'val'}
        inline
        onChange={() => {}}
      />,
    );
    const select = byTestId(root, 'split') as HTMLSelectElement;
    const label = select.closest('label')!;
    expect(label.className).toBe('');
    expect(label.textContent?.startsWith('Split ')).toBe(true);
    expect([...select.options].map((o) => o.disabled)).toEqual([false, true, false]);
  });

  it('disabled: the select cannot be used', () => {
    const root = renderMarkup(
      <ChoiceField
        label="Run"
        testId="run"
        value=""
        choices={['']}
        text={() => 'none yet'}
        disabled
        onChange={() => {}}
      />,
    );
    expect((byTestId(root, 'run') as HTMLSelectElement).disabled).toBe(true);
  });

  it('indices(n) are the choices 0 to n - 1', () => {
    expect(indices(3)).toEqual([0, 1, 2]);
    expect(indices(0)).toEqual([]);
  });
});
