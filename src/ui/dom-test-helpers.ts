// UI tests read what a component renders as a DOM, by test id, attribute and text, never by the order of
// attributes in a string of markup. A test file using these runs in happy-dom: its first line is
// `// @vitest-environment happy-dom`.
import { act, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { renderToStaticMarkup } from 'react-dom/server';

/** What `element` shows before any effect runs (canvas drawing, worker calls), parsed into a DOM. */
export function renderMarkup(element: ReactElement): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = renderToStaticMarkup(element);
  return root;
}

/** Every element with this data-testid, in document order. */
export const allByTestId = (root: ParentNode, id: string): HTMLElement[] => [
  ...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
];

/** The one element with this data-testid; throws when there is none or more than one. */
export function byTestId(root: ParentNode, id: string): HTMLElement {
  const found = allByTestId(root, id);
  if (found.length !== 1) throw new Error(`${found.length} elements with data-testid="${id}"`);
  return found[0]!;
}

/** One attribute of each element with this data-testid, in document order. */
export const attrOf = (root: ParentNode, id: string, attr: string): (string | null)[] =>
  allByTestId(root, id).map((e) => e.getAttribute(attr));

/** Mounts `element` in the document as the page would (effects run); `unmount` takes it away again. */
export function mount(element: ReactElement): {
  root: HTMLElement;
  rerender: (next: ReactElement) => void;
  unmount: () => void;
} {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  const root = document.body.appendChild(document.createElement('div'));
  const reactRoot = createRoot(root);
  act(() => reactRoot.render(element));
  return {
    root,
    rerender: (next) => act(() => reactRoot.render(next)),
    unmount: () => {
      act(() => reactRoot.unmount());
      root.remove();
    },
  };
}
