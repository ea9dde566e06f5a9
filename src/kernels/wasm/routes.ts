// Both convolution gradients have two exact routes (README.md): a convolution,
// or a matrix product plus a JS gather/scatter. 'auto' picks the cheaper one per
// layer; tests force each route so both stay correct on every shape.
export type GradientRoute = 'auto' | 'convolution' | 'matmul';

export const gradientRoutes: { filter: GradientRoute; input: GradientRoute } = { filter: 'auto', input: 'auto' };
