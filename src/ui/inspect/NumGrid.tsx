// A small table of numbers laid out like the kernel (kh x kw), for the explainers.
import { fmt } from './colour';

export function NumGrid({
  caption,
  values,
  height,
  width,
  stride = 1,
  offset = 0,
  padded,
  picked,
}: {
  caption: string;
  values: ArrayLike<number>;
  height: number;
  width: number;
  /** Distance between neighbouring taps in `values` (Cin for an interleaved channels-last patch). */
  stride?: number;
  offset?: number;
  /** height x width: 1 where the tap is padding. */
  padded?: ArrayLike<number>;
  picked?: number;
}) {
  return (
    <table className="num-grid">
      <caption>{caption}</caption>
      <tbody>
        {Array.from({ length: height }, (_, i) => (
          <tr key={i}>
            {Array.from({ length: width }, (_, j) => {
              const k = i * width + j;
              const pad = padded?.[k] === 1;
              const v = values[k * stride + offset]!;
              return (
                <td key={j} className={`${pad ? 'padded' : ''}${picked === k ? ' picked' : ''}`}>
                  {Number.isNaN(v) ? 'pad' : fmt(v, 3)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
