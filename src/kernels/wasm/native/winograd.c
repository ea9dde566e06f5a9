// Winograd F(2x2, 3x3) for 3x3 convolutions with stride 1 (VGG16's thirteen):
// each 2x2 block of output pixels (a tile) comes from its 4x4 input window as
//   Y = A^T [ (G g G^T) ⊙ (B^T d B) ] A,
// 16 multiplies per tile and channel pair instead of 36 (2.25x fewer). Summed
// over input channels the 16 products become 16 matrix products
//   M_p[tile, o] = sum over c of V_p[tile, c] * U_p[c, o]   (p = 0..15),
// which run on the same 4x8 register tile as the direct convolutions.
// NHWC x [N,H,W,C], filter [3,3,C,O], y [N,OH,OW,O]; C and O multiples of 4.
#include "simd.h"

#define HALF(v) MUL(v, wasm_f32x4_const_splat(0.5f))

// U = G g G^T for every (c, four o): u is [16][O/8 blocks][C][8] (a last block of
// four when O % 8 == 4), so one block's C x 8 slice is contiguous for the GEMM.
EXPORT(winograd_f23_filter)
void winograd_f23_filter(const float* w, float* u, int C, int O) {
  for (int c = 0; c < C; c++) {
    for (int o = 0; o < O; o += 4) {
      const float* g = w + c * O + o;
      const int tap = C * O;
      v128_t g00 = LOAD(g), g01 = LOAD(g + tap), g02 = LOAD(g + 2 * tap);
      v128_t g10 = LOAD(g + 3 * tap), g11 = LOAD(g + 4 * tap), g12 = LOAD(g + 5 * tap);
      v128_t g20 = LOAD(g + 6 * tap), g21 = LOAD(g + 7 * tap), g22 = LOAD(g + 8 * tap);
      // t = G g: rows g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2.
      v128_t t[4][3] = {
          {g00, g01, g02},
          {HALF(ADD(ADD(g00, g10), g20)), HALF(ADD(ADD(g01, g11), g21)), HALF(ADD(ADD(g02, g12), g22))},
          {HALF(ADD(wasm_f32x4_sub(g00, g10), g20)), HALF(ADD(wasm_f32x4_sub(g01, g11), g21)),
           HALF(ADD(wasm_f32x4_sub(g02, g12), g22))},
          {g20, g21, g22},
      };
      const int ob = o / 8, bw = O - ob * 8 >= 8 ? 8 : 4;
      float* dst = u + ob * 8 * C + c * bw + (o % 8);
      for (int r = 0; r < 4; r++) {
        const v128_t a = t[r][0], b = t[r][1], d = t[r][2];
        STORE(dst + (4 * r + 0) * C * O, a);
        STORE(dst + (4 * r + 1) * C * O, HALF(ADD(ADD(a, b), d)));
        STORE(dst + (4 * r + 2) * C * O, HALF(ADD(wasm_f32x4_sub(a, b), d)));
        STORE(dst + (4 * r + 3) * C * O, d);
      }
    }
  }
}

// Stores the four channels in `val` of tile t at q (v's [tile group][c][4] layout: lane l goes 4 floats further).
#define STORE_LANES(q, val) do { \
    wasm_v128_store32_lane((q), (val), 0); wasm_v128_store32_lane((q) + 4, (val), 1); \
    wasm_v128_store32_lane((q) + 8, (val), 2); wasm_v128_store32_lane((q) + 12, (val), 3); \
  } while (0)

// V = B^T d B for tiles [t0, t0 + count) of the flattened (n, tile row, tile
// column) order, written as v[p][t / 4][c][t % 4] for t < tb (tiles past count:
// zeros): the matrix products read four tiles' values of one channel side by side.
static void input_transform(const float* x, float* v, int H, int W, int C, int TH, int TW, int top, int left,
                            int t0, int count, int tb) {
  const v128_t zero = wasm_f32x4_const_splat(0);
  const int pstride = tb * C;
  for (int t = 0; t < tb; t++) {
    float* vt = v + (t >> 2) * 4 * C + (t & 3);
    if (t >= count) {
      for (int p = 0; p < 16; p++)
        for (int c = 0; c < C; c++) vt[p * pstride + 4 * c] = 0.0f;
      continue;
    }
    const int g = t0 + t, n = g / (TH * TW), ty = (g / TW) % TH, tx = g % TW;
    const int iy = 2 * ty - top, ix = 2 * tx - left;
    // Rows and columns of the window inside the image; the rest is padding (zeros).
    int rok[4], cok[4];
    for (int k = 0; k < 4; k++) {
      rok[k] = iy + k >= 0 && iy + k < H;
      cok[k] = ix + k >= 0 && ix + k < W;
    }
    const int inside = rok[0] && rok[3] && cok[0] && cok[3];
    const float* xt = x + ((n * H + iy) * W + ix) * C;
    for (int c = 0; c < C; c += 4) {
      v128_t d[4][4];
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
          d[i][j] = inside || (rok[i] && cok[j]) ? LOAD(xt + (i * W + j) * C + c) : zero;
      // B^T d: rows d0-d2, d1+d2, d2-d1, d1-d3; then the same on columns.
      for (int j = 0; j < 4; j++) {
        const v128_t a = d[0][j], b = d[1][j], e = d[2][j], f = d[3][j];
        d[0][j] = wasm_f32x4_sub(a, e);
        d[1][j] = ADD(b, e);
        d[2][j] = wasm_f32x4_sub(e, b);
        d[3][j] = wasm_f32x4_sub(b, f);
      }
      for (int i = 0; i < 4; i++) {
        const v128_t a = d[i][0], b = d[i][1], e = d[i][2], f = d[i][3];
        float* q = vt + 4 * i * pstride + 4 * c;
        STORE_LANES(q, wasm_f32x4_sub(a, e));
        STORE_LANES(q + pstride, ADD(b, e));
        STORE_LANES(q + 2 * pstride, wasm_f32x4_sub(e, b));
        STORE_LANES(q + 3 * pstride, wasm_f32x4_sub(b, f));
      }
    }
  }
}

// m[p][t][o] = sum over c of v[p][t][c] * u[p][c][o] for p < positions (16 for
// F(2x2, 3x3), 36 for F(4x4, 3x3)) and t < tb (a multiple of 4).
// The inner loop walks two pointers (four tiles' values of a channel, eight
// filter values), two channels a step.
static void gemms(const float* v, const float* u, float* m, int C, int O, int tb, int positions) {
  for (int p = 0; p < positions; p++) {
    const float* vp = v + p * tb * C;
    const float* up = u + p * C * O;
    float* mp = m + p * tb * O;
    for (int o = 0; o < O; o += 8) {
      const float* ub = up + o * C;
      if (O - o >= 8) {
        for (int t = 0; t < tb; t += 4) {
          const float* r = vp + t * C;
          const float* wp = ub;
          TILE_ZERO(T);
          int c = 0;
          for (; c + 2 <= C; c += 2, r += 8, wp += 16) {
            TILE_STEP(T, r, r + 1, r + 2, r + 3, LOAD(wp), LOAD(wp + 4));
            TILE_STEP(T, r + 4, r + 5, r + 6, r + 7, LOAD(wp + 8), LOAD(wp + 12));
          }
          if (c < C) TILE_STEP(T, r, r + 1, r + 2, r + 3, LOAD(wp), LOAD(wp + 4));
          float* q = mp + t * O + o;
          STORE_ROW(q, T, 0);
          STORE_ROW(q + O, T, 1);
          STORE_ROW(q + 2 * O, T, 2);
          STORE_ROW(q + 3 * O, T, 3);
        }
      } else {
        // The last four output channels.
        for (int t = 0; t < tb; t += 4) {
          const float* r = vp + t * C;
          v128_t a0 = wasm_f32x4_const_splat(0), a1 = a0, a2 = a0, a3 = a0;
          const float* wp = ub;
          for (int c = 0; c < C; c++, r += 4, wp += 4) {
            const v128_t wv = LOAD(wp);
            a0 = MADD(a0, SPLAT(r), wv);
            a1 = MADD(a1, SPLAT(r + 1), wv);
            a2 = MADD(a2, SPLAT(r + 2), wv);
            a3 = MADD(a3, SPLAT(r + 3), wv);
          }
          float* q = mp + t * O + o;
          STORE(q, a0);
          STORE(q + O, a1);
          STORE(q + 2 * O, a2);
          STORE(q + 3 * O, a3);
        }
      }
    }
  }
}

// Y = A^T M A (+ bias, ReLU when relu != 0) for the block's tiles, into y.
static void output_transform(const float* m, const float* bias, float* y, int OH, int OW, int O, int TH, int TW,
                             int t0, int count, int tb, int relu) {
  const v128_t zero = wasm_f32x4_const_splat(0);
  const int pstride = tb * O;
  for (int t = 0; t < count; t++) {
    const int g = t0 + t, n = g / (TH * TW), ty = (g / TW) % TH, tx = g % TW;
    const int oy = 2 * ty, ox = 2 * tx;
    const int two_rows = oy + 1 < OH, two_cols = ox + 1 < OW;
    float* yt = y + ((n * OH + oy) * OW + ox) * O;
    const float* mt = m + t * O;
    for (int o = 0; o < O; o += 4) {
      v128_t s[2][4];
      // A^T m: rows m0+m1+m2 and m1-m2-m3.
      for (int j = 0; j < 4; j++) {
        const v128_t a = LOAD(mt + j * pstride + o), b = LOAD(mt + (4 + j) * pstride + o);
        const v128_t e = LOAD(mt + (8 + j) * pstride + o), f = LOAD(mt + (12 + j) * pstride + o);
        s[0][j] = ADD(ADD(a, b), e);
        s[1][j] = wasm_f32x4_sub(wasm_f32x4_sub(b, e), f);
      }
      const v128_t b = bias ? LOAD(bias + o) : zero;
      for (int i = 0; i < 2; i++) {
        if (i == 1 && !two_rows) break;
        v128_t y0 = ADD(ADD(ADD(s[i][0], s[i][1]), s[i][2]), b);
        v128_t y1 = ADD(wasm_f32x4_sub(wasm_f32x4_sub(s[i][1], s[i][2]), s[i][3]), b);
        if (relu) {
          y0 = wasm_f32x4_max(y0, zero);
          y1 = wasm_f32x4_max(y1, zero);
        }
        float* q = yt + i * OW * O + o;
        STORE(q, y0);
        if (two_cols) STORE(q + O, y1);
      }
    }
  }
}

// A work unit is a block of tb tiles (the last one may be short). Each thread
// works in its own scratch slot (`part`, appended by the kernel pool):
// 16*tb*C floats of V then 16*tb*O of M, at scratch + part * slot floats.
EXPORT(winograd_f23_forward)
void winograd_f23_forward(const float* x, const float* u, const float* bias, float* y, float* scratch,
                          int N, int H, int W, int C, int OH, int OW, int O, int top, int left, int tb, int relu,
                          int unit_begin, int unit_end, int part) {
  const int TH = (OH + 1) / 2, TW = (OW + 1) / 2, tiles = N * TH * TW;
  float* v = scratch + part * 16 * tb * (C + O);
  float* m = v + 16 * tb * C;
  for (int b = unit_begin; b < unit_end; b++) {
    const int t0 = b * tb, count = imin(tb, tiles - t0);
    input_transform(x, v, H, W, C, TH, TW, top, left, t0, count, tb);
    gemms(v, u, m, C, O, tb, 16);
    output_transform(m, bias, y, OH, OW, O, TH, TW, t0, count, tb, relu);
  }
}

// ---------------------------------------------------------------------------
// Winograd F(4x4, 3x3): 4x4 output tiles from 6x6 windows, 36 products per
// tile and channel pair instead of 144 (4x fewer multiplies), the same matrix
// products over 36 positions. Its transforms have larger coefficients (up to
// 8 and 1/24), so it rounds a little more than F(2x2, 3x3).
// ---------------------------------------------------------------------------
#define SUB wasm_f32x4_sub
#define K(c) wasm_f32x4_const_splat(c)

// G g for one column of three filter values: six rows.
#define F43_G(g0, g1, g2, o0, o1, o2, o3, o4, o5) do { \
    const v128_t a_ = (g0), b_ = (g1), c_ = (g2); \
    o0 = MUL(a_, K(0.25f)); \
    o1 = MUL(ADD(ADD(a_, b_), c_), K(-1.0f / 6)); \
    o2 = MUL(ADD(SUB(a_, b_), c_), K(-1.0f / 6)); \
    o3 = ADD(ADD(MUL(a_, K(1.0f / 24)), MUL(b_, K(1.0f / 12))), MUL(c_, K(1.0f / 6))); \
    o4 = ADD(SUB(MUL(a_, K(1.0f / 24)), MUL(b_, K(1.0f / 12))), MUL(c_, K(1.0f / 6))); \
    o5 = c_; \
  } while (0)

// B^T d for six values: six rows.
#define F43_B(d0, d1, d2, d3, d4, d5, o0, o1, o2, o3, o4, o5) do { \
    const v128_t a_ = (d0), b_ = (d1), c_ = (d2), e_ = (d3), f_ = (d4), h_ = (d5); \
    o0 = ADD(SUB(MUL(a_, K(4)), MUL(c_, K(5))), f_); \
    o1 = SUB(ADD(e_, f_), MUL(ADD(b_, c_), K(4))); \
    o2 = ADD(MUL(SUB(b_, c_), K(4)), SUB(f_, e_)); \
    o3 = ADD(MUL(SUB(e_, b_), K(2)), SUB(f_, c_)); \
    o4 = ADD(MUL(SUB(b_, e_), K(2)), SUB(f_, c_)); \
    o5 = ADD(SUB(MUL(b_, K(4)), MUL(e_, K(5))), h_); \
  } while (0)

// A^T m for six values: four rows.
#define F43_A(m0, m1, m2, m3, m4, m5, o0, o1, o2, o3) do { \
    const v128_t p_ = ADD(m1, m2), q_ = SUB(m1, m2), r_ = ADD(m3, m4), s_ = SUB(m3, m4); \
    o0 = ADD(ADD(m0, p_), r_); \
    o1 = ADD(q_, MUL(s_, K(2))); \
    o2 = ADD(p_, MUL(r_, K(4))); \
    o3 = ADD(ADD(q_, MUL(s_, K(8))), m5); \
  } while (0)

// U = G g G^T, u as [36][O/8 blocks][C][8] (see winograd_f23_filter).
EXPORT(winograd_f43_filter)
void winograd_f43_filter(const float* w, float* u, int C, int O) {
  const int tap = C * O;
  for (int c = 0; c < C; c++) {
    for (int o = 0; o < O; o += 4) {
      const float* g = w + c * O + o;
      v128_t t[6][3], r[6][6];
#pragma clang loop unroll(full)
      for (int j = 0; j < 3; j++)
        F43_G(LOAD(g + j * tap), LOAD(g + (3 + j) * tap), LOAD(g + (6 + j) * tap), t[0][j], t[1][j], t[2][j], t[3][j],
              t[4][j], t[5][j]);
#pragma clang loop unroll(full)
      for (int i = 0; i < 6; i++) F43_G(t[i][0], t[i][1], t[i][2], r[i][0], r[i][1], r[i][2], r[i][3], r[i][4], r[i][5]);
      const int ob = o / 8, bw = O - ob * 8 >= 8 ? 8 : 4;
      float* dst = u + ob * 8 * C + c * bw + (o % 8);
#pragma clang loop unroll(full)
      for (int i = 0; i < 6; i++)
#pragma clang loop unroll(full)
        for (int j = 0; j < 6; j++) STORE(dst + (6 * i + j) * tap, r[i][j]);
    }
  }
}

// V = B^T d B for 6x6 windows at stride 4, as v[p][t / 4][c][t % 4] (see input_transform).
static void input_transform_f43(const float* x, float* v, int H, int W, int C, int TH, int TW, int top, int left,
                                int t0, int count, int tb) {
  const v128_t zero = wasm_f32x4_const_splat(0);
  const int pstride = tb * C;
  for (int t = 0; t < tb; t++) {
    float* vt = v + (t >> 2) * 4 * C + (t & 3);
    if (t >= count) {
      for (int p = 0; p < 36; p++)
        for (int c = 0; c < C; c++) vt[p * pstride + 4 * c] = 0.0f;
      continue;
    }
    const int g = t0 + t, n = g / (TH * TW), ty = (g / TW) % TH, tx = g % TW;
    const int iy = 4 * ty - top, ix = 4 * tx - left;
    int rok[6], cok[6];
    for (int k = 0; k < 6; k++) {
      rok[k] = iy + k >= 0 && iy + k < H;
      cok[k] = ix + k >= 0 && ix + k < W;
    }
    const int inside = rok[0] && rok[5] && cok[0] && cok[5];
    const float* xt = x + ((n * H + iy) * W + ix) * C;
    for (int c = 0; c < C; c += 4) {
      // Every loop over the window unrolled in full: its arrays must stay in WebAssembly locals, never the C stack.
      v128_t d[6][6], e[6][6];
#pragma clang loop unroll(full)
      for (int i = 0; i < 6; i++)
#pragma clang loop unroll(full)
        for (int j = 0; j < 6; j++)
          d[i][j] = inside || (rok[i] && cok[j]) ? LOAD(xt + (i * W + j) * C + c) : zero;
#pragma clang loop unroll(full)
      for (int j = 0; j < 6; j++)
        F43_B(d[0][j], d[1][j], d[2][j], d[3][j], d[4][j], d[5][j], e[0][j], e[1][j], e[2][j], e[3][j], e[4][j], e[5][j]);
#pragma clang loop unroll(full)
      for (int i = 0; i < 6; i++) {
        v128_t o0, o1, o2, o3, o4, o5;
        F43_B(e[i][0], e[i][1], e[i][2], e[i][3], e[i][4], e[i][5], o0, o1, o2, o3, o4, o5);
        float* q = vt + 6 * i * pstride + 4 * c;
        STORE_LANES(q, o0);
        STORE_LANES(q + pstride, o1);
        STORE_LANES(q + 2 * pstride, o2);
        STORE_LANES(q + 3 * pstride, o3);
        STORE_LANES(q + 4 * pstride, o4);
        STORE_LANES(q + 5 * pstride, o5);
      }
    }
  }
}

// Y = A^T M A (+ bias, ReLU) for 4x4 tiles, clipped to the output's edges.
static void output_transform_f43(const float* m, const float* bias, float* y, int OH, int OW, int O, int TH, int TW,
                                 int t0, int count, int tb, int relu) {
  const v128_t zero = wasm_f32x4_const_splat(0);
  const int pstride = tb * O;
  for (int t = 0; t < count; t++) {
    const int g = t0 + t, n = g / (TH * TW), ty = (g / TW) % TH, tx = g % TW;
    const int oy = 4 * ty, ox = 4 * tx;
    const int rows = imin(4, OH - oy), cols = imin(4, OW - ox);
    float* yt = y + ((n * OH + oy) * OW + ox) * O;
    const float* mt = m + t * O;
    for (int o = 0; o < O; o += 4) {
      v128_t s[4][6];
#pragma clang loop unroll(full)
      for (int j = 0; j < 6; j++) {
        const float* q = mt + j * pstride + o;
        F43_A(LOAD(q), LOAD(q + 6 * pstride), LOAD(q + 12 * pstride), LOAD(q + 18 * pstride), LOAD(q + 24 * pstride),
              LOAD(q + 30 * pstride), s[0][j], s[1][j], s[2][j], s[3][j]);
      }
      const v128_t b = bias ? LOAD(bias + o) : zero;
#pragma clang loop unroll(full)
      for (int i = 0; i < 4; i++) {
        v128_t r[4];
        F43_A(s[i][0], s[i][1], s[i][2], s[i][3], s[i][4], s[i][5], r[0], r[1], r[2], r[3]);
        float* q = yt + i * OW * O + o;
#pragma clang loop unroll(full)
        for (int j = 0; j < 4; j++) {
          v128_t val = ADD(r[j], b);
          if (relu) val = wasm_f32x4_max(val, zero);
          if (i < rows && j < cols) STORE(q + j * O, val);
        }
      }
    }
  }
}

// As winograd_f23_forward with 4x4 tiles: scratch slots of 36*tb*(C+O) floats.
EXPORT(winograd_f43_forward)
void winograd_f43_forward(const float* x, const float* u, const float* bias, float* y, float* scratch,
                          int N, int H, int W, int C, int OH, int OW, int O, int top, int left, int tb, int relu,
                          int unit_begin, int unit_end, int part) {
  const int TH = (OH + 3) / 4, TW = (OW + 3) / 4, tiles = N * TH * TW;
  float* v = scratch + part * 36 * tb * (C + O);
  float* m = v + 36 * tb * C;
  for (int b = unit_begin; b < unit_end; b++) {
    const int t0 = b * tb, count = imin(tb, tiles - t0);
    input_transform_f43(x, v, H, W, C, TH, TW, top, left, t0, count, tb);
    gemms(v, u, m, C, O, tb, 36);
    output_transform_f43(m, bias, y, OH, OW, O, TH, TW, t0, count, tb, relu);
  }
}
