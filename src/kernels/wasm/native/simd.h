// The SIMD vocabulary shared by lab_kernels.c and winograd.c (one module: the
// build links both). Nothing here may use C stack memory or static data.
#ifndef LAB_SIMD_H
#define LAB_SIMD_H
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define ADD wasm_f32x4_add
#define MUL wasm_f32x4_mul
#define LOAD(p) wasm_v128_load(p)
#define SPLAT(p) wasm_v128_load32_splat(p)
#define STORE(p, v) wasm_v128_store(p, v)
// acc + a*b, the multiply-add of every convolution loop. Built with
// -mrelaxed-simd (the *-relaxed.wasm builds) it is one relaxed fused
// multiply-add, which the engine may round once (an FMA on x86 with FMA3 and on
// ARM) or twice (as the plain build): both are within the tests' tolerance.
// RMSprop (lab_kernels.c) keeps ADD and MUL, so it rounds as tf.train.rmsprop does.
#ifdef __wasm_relaxed_simd__
#define MADD(acc, a, b) wasm_f32x4_relaxed_madd(a, b, acc)
#else
#define MADD(acc, a, b) ADD(acc, MUL(a, b))
#endif

// Every convolution below is a 4x8 register tile of accumulators (four rows,
// two vectors of four columns each) grown by rank-1 updates: row r gains
// (*p_r) * [w0 w1]. A is the tile's name: A0l A0h (row 0) ... A3l A3h (row 3).
#define TILE_ZERO(A) v128_t A##0l = wasm_f32x4_const_splat(0), A##0h = A##0l, A##1l = A##0l, A##1h = A##0l, \
                            A##2l = A##0l, A##2h = A##0l, A##3l = A##0l, A##3h = A##0l
#define TILE_STEP(A, p0, p1, p2, p3, w0, w1) do { \
    const v128_t lo_ = (w0), hi_ = (w1); \
    v128_t s_ = SPLAT(p0); A##0l = MADD(A##0l, s_, lo_); A##0h = MADD(A##0h, s_, hi_); \
    s_ = SPLAT(p1); A##1l = MADD(A##1l, s_, lo_); A##1h = MADD(A##1h, s_, hi_); \
    s_ = SPLAT(p2); A##2l = MADD(A##2l, s_, lo_); A##2h = MADD(A##2h, s_, hi_); \
    s_ = SPLAT(p3); A##3l = MADD(A##3l, s_, lo_); A##3h = MADD(A##3h, s_, hi_); \
  } while (0)
// Row r of the tile stored at q_r (the high half four floats on).
#define STORE_ROW(q, A, r) do { STORE(q, A##r##l); STORE((q) + 4, A##r##h); } while (0)
#define ADD_ROW(q, A, r) do { STORE(q, ADD(LOAD(q), A##r##l)); STORE((q) + 4, ADD(LOAD((q) + 4), A##r##h)); } while (0)

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }

#endif
