// Training kernels in WebAssembly SIMD that work directly on tfjs-wasm's heap:
// the module imports tfjs-wasm's own memory, so tensors are read and written in
// place (every pointer is a byte offset that tfjs-wasm gave a tensor).
// Build: `npm run build:kernels` (clang + wasm-ld); the .wasm files are committed,
// four of them: plain or shared memory, each with SIMD or relaxed SIMD (MADD).
//
// No function here may use C stack memory or static data: tfjs owns every byte
// of the memory. Locals stay in WebAssembly locals; build.mjs checks the binary
// has no data section and never touches the stack pointer.
//
// Each kernel takes a [begin, end) range of independent work units so that
// several threads can share one call (see ../kernel-threads-pool.ts).
#include "simd.h"

#ifndef BLOCK_FLOATS
#define BLOCK_FLOATS 32768
#endif

// ceil(a / b) for b > 0 and any sign of a.
static inline int ceil_div(int a, int b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }
static inline int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Output positions i whose input row i*s + k - pad lies in [0, size): [*lo, *hi).
static inline void valid_range(int size, int out, int s, int k, int pad, int* lo, int* hi) {
  int a = imax(0, ceil_div(pad - k, s));
  int b = imin(out, floor_div(size - 1 + pad - k, s) + 1);
  *lo = a;
  *hi = b > a ? b : a;
}

// ---------------------------------------------------------------------------
// Filter gradient, NHWC x [N,H,W,C], dy [N,OH,OW,O], dw [fh,fw,C,O]:
//   dw[kh,kw,c,o] = sum over n,i,j of x[n, i*sh+kh-top, j*sw+kw-left, c] * dy[n,i,j,o]
// A work unit is one tap (kh,kw) and four input channels: it owns those rows of
// dw, so threads never write the same memory. Images are the outer loop so one
// image's x and dy stay in cache while every unit's tile reads them.
// ---------------------------------------------------------------------------
EXPORT(conv2d_filter_grad)
void conv2d_filter_grad(const float* x, const float* dy, float* dw,
                        int N, int H, int W, int C, int OH, int OW, int O,
                        int fh, int fw, int sh, int sw, int top, int left,
                        int unit_begin, int unit_end) {
  const int ctiles = (C + 3) / 4;
  const int xstep = sw * C;
  for (int u = unit_begin; u < unit_end; u++) {
    const int tap = u / ctiles, c0 = (u % ctiles) * 4, mr = imin(4, C - c0);
    float* row = dw + (tap * C + c0) * O;
    for (int k = 0; k < mr * O; k++) row[k] = 0.0f;
  }
  // Output rows a block at a time, so that every unit's tiles find that block's
  // x and dy in cache (~BLOCK_FLOATS of them); a whole 89x89x32 image's x and
  // dy (3 MB, cats vs dogs' second layer) streamed from memory once per tile.
  const int block = imax(1, BLOCK_FLOATS / (OW * O + sh * W * C)), blocks = (OH + block - 1) / block;
  for (int nb = 0; nb < N * blocks; nb++) {
    const int n = nb / blocks, rb = (nb % blocks) * block;
    for (int u = unit_begin; u < unit_end; u++) {
      const int tap = u / ctiles, c0 = (u % ctiles) * 4, mr = imin(4, C - c0);
      const int kh = tap / fw, kw = tap % fw;
      int i0, i1, j0, j1;
      valid_range(H, OH, sh, kh, top, &i0, &i1);
      i0 = imax(i0, rb);
      i1 = imin(i1, rb + block);
      valid_range(W, OW, sw, kw, left, &j0, &j1);
      if (i0 >= i1 || j0 >= j1) continue;
      const int cols = j1 - j0;
      const float* xn = x + (n * H * W) * C + c0;
      const float* gn = dy + (n * OH * OW) * O;
      for (int r = 0; r < mr; r += (mr == 4 ? 4 : 1)) {
        float* out = dw + (tap * C + c0 + r) * O;
        const float* xr = xn + r;
        int o = 0;
        if (mr == 4) {
          for (; o + 8 <= O; o += 8) {
            // Accumulates onto what earlier images left in these four rows of dw.
            v128_t T0l = LOAD(out + o), T0h = LOAD(out + o + 4), T1l = LOAD(out + O + o), T1h = LOAD(out + O + o + 4);
            v128_t T2l = LOAD(out + 2 * O + o), T2h = LOAD(out + 2 * O + o + 4), T3l = LOAD(out + 3 * O + o), T3h = LOAD(out + 3 * O + o + 4);
            for (int i = i0; i < i1; i++) {
              const float* xp = xr + ((i * sh + kh - top) * W + j0 * sw + kw - left) * C;
              const float* gp = gn + (i * OW + j0) * O + o;
              for (int j = 0; j < cols; j++, xp += xstep, gp += O) {
                TILE_STEP(T, xp, xp + 1, xp + 2, xp + 3, LOAD(gp), LOAD(gp + 4));
              }
            }
            STORE_ROW(out + o, T, 0);
            STORE_ROW(out + O + o, T, 1);
            STORE_ROW(out + 2 * O + o, T, 2);
            STORE_ROW(out + 3 * O + o, T, 3);
          }
        }
        const int rows = mr == 4 ? 4 : 1;
        for (int rr = 0; rr < rows; rr++) {
          float* out1 = out + rr * O;
          const float* x1 = xr + rr;
          int o1 = o;
          // One channel, 16 then 4 outputs at a time (the first layer, C = 1, lives here).
          for (; o1 + 16 <= O; o1 += 16) {
            v128_t a0 = LOAD(out1 + o1), a1 = LOAD(out1 + o1 + 4), a2 = LOAD(out1 + o1 + 8), a3 = LOAD(out1 + o1 + 12);
            for (int i = i0; i < i1; i++) {
              const float* xp = x1 + ((i * sh + kh - top) * W + j0 * sw + kw - left) * C;
              const float* gp = gn + (i * OW + j0) * O + o1;
              for (int j = 0; j < cols; j++, xp += xstep, gp += O) {
                const v128_t s = SPLAT(xp);
                a0 = MADD(a0, s, LOAD(gp)); a1 = MADD(a1, s, LOAD(gp + 4));
                a2 = MADD(a2, s, LOAD(gp + 8)); a3 = MADD(a3, s, LOAD(gp + 12));
              }
            }
            STORE(out1 + o1, a0); STORE(out1 + o1 + 4, a1); STORE(out1 + o1 + 8, a2); STORE(out1 + o1 + 12, a3);
          }
          for (; o1 + 4 <= O; o1 += 4) {
            v128_t a0 = LOAD(out1 + o1);
            for (int i = i0; i < i1; i++) {
              const float* xp = x1 + ((i * sh + kh - top) * W + j0 * sw + kw - left) * C;
              const float* gp = gn + (i * OW + j0) * O + o1;
              for (int j = 0; j < cols; j++, xp += xstep, gp += O) a0 = MADD(a0, SPLAT(xp), LOAD(gp));
            }
            STORE(out1 + o1, a0);
          }
          for (; o1 < O; o1++) {
            float a = out1[o1];
            for (int i = i0; i < i1; i++) {
              const float* xp = x1 + ((i * sh + kh - top) * W + j0 * sw + kw - left) * C;
              const float* gp = gn + (i * OW + j0) * O + o1;
              for (int j = 0; j < cols; j++, xp += xstep, gp += O) a += *xp * *gp;
            }
            out1[o1] = a;
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Input gradient, dy [N,OH,OW,O], wt = the filter as [O][fh*fw*C] (see
// transpose_filter), dx [N,H,W,C]:
//   dx[n, i*sh+kh-top, j*sw+kw-left, k] += sum over o of dy[n,i,j,o] * w[kh,kw,k,o]
// i.e. dy times the transposed filter, added back into the window each output
// pixel came from. A work unit is one image (threads own whole images of dx).
// ---------------------------------------------------------------------------
EXPORT(transpose_filter)
void transpose_filter(const float* w, float* wt, int K, int O) {
  for (int k = 0; k < K; k++)
    for (int o = 0; o < O; o++) wt[o * K + k] = w[k * O + o];
}

// Where output pixel t (row-major over the tap's valid rectangle, `cols` wide)
// reads dy and writes dx.
static inline const float* dy_at(const float* gn, int t, int cols, int i0, int j0, int OW, int O) {
  return gn + ((i0 + t / cols) * OW + j0 + t % cols) * O;
}
static inline float* dx_at(float* dtap, int t, int cols, int i0, int j0, int sh, int sw, int W, int C) {
  return dtap + (((i0 + t / cols) * sh) * W + (j0 + t % cols) * sw) * C;
}

EXPORT(conv2d_input_grad)
void conv2d_input_grad(const float* dy, const float* wt, float* dx,
                       int N, int H, int W, int C, int OH, int OW, int O,
                       int fh, int fw, int sh, int sw, int top, int left,
                       int image_begin, int image_end) {
  const int K = fh * fw * C;
  for (int n = image_begin; n < image_end; n++) {
    float* dxn = dx + n * H * W * C;
    for (int k = 0; k < H * W * C; k++) dxn[k] = 0.0f;
    const float* gn = dy + n * OH * OW * O;
    for (int kh = 0; kh < fh; kh++) {
      int i0, i1;
      valid_range(H, OH, sh, kh, top, &i0, &i1);
      for (int kw = 0; kw < fw; kw++) {
        int j0, j1;
        valid_range(W, OW, sw, kw, left, &j0, &j1);
        const int cols = j1 - j0, count = (i1 - i0) * cols;
        if (count <= 0) continue;
        const float* wtap = wt + (kh * fw + kw) * C;
        // dx for output pixel (0,0) of this tap (it may lie outside dx when t=0 is not valid; never dereferenced then).
        float* dtap = dxn + ((kh - top) * W + kw - left) * C;
        int t = 0;
        // Four output pixels at a time: for one tap they write four different dx pixels.
        for (; t + 4 <= count; t += 4) {
          const float *g0 = dy_at(gn, t, cols, i0, j0, OW, O), *g1 = dy_at(gn, t + 1, cols, i0, j0, OW, O);
          const float *g2 = dy_at(gn, t + 2, cols, i0, j0, OW, O), *g3 = dy_at(gn, t + 3, cols, i0, j0, OW, O);
          float *p0 = dx_at(dtap, t, cols, i0, j0, sh, sw, W, C), *p1 = dx_at(dtap, t + 1, cols, i0, j0, sh, sw, W, C);
          float *p2 = dx_at(dtap, t + 2, cols, i0, j0, sh, sw, W, C), *p3 = dx_at(dtap, t + 3, cols, i0, j0, sh, sw, W, C);
          int k = 0;
          for (; k + 8 <= C; k += 8) {
            TILE_ZERO(T);
            const float* wp = wtap + k;
            for (int o = 0; o < O; o++, wp += K) TILE_STEP(T, g0 + o, g1 + o, g2 + o, g3 + o, LOAD(wp), LOAD(wp + 4));
            ADD_ROW(p0 + k, T, 0);
            ADD_ROW(p1 + k, T, 1);
            ADD_ROW(p2 + k, T, 2);
            ADD_ROW(p3 + k, T, 3);
          }
          if (k < C) {
            for (int r = 0; r < 4; r++) {
              const float* g = dy_at(gn, t + r, cols, i0, j0, OW, O);
              float* d = dx_at(dtap, t + r, cols, i0, j0, sh, sw, W, C);
              for (int k1 = k; k1 < C; k1++) {
                float a = 0.0f;
                const float* wp = wtap + k1;
                for (int o = 0; o < O; o++, wp += K) a += g[o] * *wp;
                d[k1] += a;
              }
            }
          }
        }
        for (; t < count; t++) {
          const float* g = dy_at(gn, t, cols, i0, j0, OW, O);
          float* d = dx_at(dtap, t, cols, i0, j0, sh, sw, W, C);
          int k = 0;
          for (; k + 8 <= C; k += 8) {
            v128_t a0 = wasm_f32x4_const_splat(0), a1 = a0;
            const float* wp = wtap + k;
            for (int o = 0; o < O; o++, wp += K) {
              const v128_t s = SPLAT(g + o);
              a0 = MADD(a0, s, LOAD(wp)); a1 = MADD(a1, s, LOAD(wp + 4));
            }
            STORE(d + k, ADD(LOAD(d + k), a0)); STORE(d + k + 4, ADD(LOAD(d + k + 4), a1));
          }
          for (; k < C; k++) {
            float a = 0.0f;
            const float* wp = wtap + k;
            for (int o = 0; o < O; o++, wp += K) a += g[o] * *wp;
            d[k] += a;
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Forward convolution, x [N,H,W,C], w [fh,fw,C,O], y [N,OH,OW,O]:
//   y[n,i,j,o] = sum over kh,kw,c of x[n, i*sh+kh-top, j*sw+kw-left, c] * w[kh,kw,c,o]
// Output pixels whose window lies inside the image (all of them without
// padding) go four at a time, row-major, times eight output channels; the
// few on a padded border one by one. A work unit is one image.
// ---------------------------------------------------------------------------
static void conv_pixel(const float* xn, const float* w, float* y, int H, int W, int C, int O,
                       int fh, int fw, int r0, int c0) {
  for (int o = 0; o < O; o++) y[o] = 0.0f;
  for (int kh = 0; kh < fh; kh++) {
    const int r = r0 + kh;
    if (r < 0 || r >= H) continue;
    for (int kw = 0; kw < fw; kw++) {
      const int col = c0 + kw;
      if (col < 0 || col >= W) continue;
      const float* xp = xn + (r * W + col) * C;
      const float* wp = w + (kh * fw + kw) * C * O;
      for (int c = 0; c < C; c++, wp += O) {
        const float v = xp[c];
        const v128_t s = wasm_f32x4_splat(v);
        int o = 0;
        for (; o + 4 <= O; o += 4) STORE(y + o, MADD(LOAD(y + o), s, LOAD(wp + o)));
        for (; o < O; o++) y[o] += v * wp[o];
      }
    }
  }
}

// Interior outputs along one axis: windows [i*s - pad, i*s - pad + k) inside [0, size).
static inline void inside_range(int size, int out, int s, int k, int pad, int* lo, int* hi) {
  int a = imax(0, ceil_div(pad, s));
  int b = imin(out, size - k + pad >= 0 ? (size - k + pad) / s + 1 : 0);
  *lo = a;
  *hi = b > a ? b : a;
}

// The interior pixel after (i, j), row-major over columns [j0, j1).
static inline void next_pixel(int* i, int* j, int j0, int j1) {
  if (++*j == j1) { *j = j0; ++*i; }
}

EXPORT(conv2d_forward)
void conv2d_forward(const float* x, const float* w, float* y,
                    int N, int H, int W, int C, int OH, int OW, int O,
                    int fh, int fw, int sh, int sw, int top, int left,
                    int image_begin, int image_end) {
  int i0, i1, j0, j1;
  inside_range(H, OH, sh, fh, top, &i0, &i1);
  inside_range(W, OW, sw, fw, left, &j0, &j1);
  const int cols = j1 - j0, count = (i1 - i0) * cols;
  const int o8 = O - O % 8;
  for (int n = image_begin; n < image_end; n++) {
    const float* xn = x + n * H * W * C;
    float* yn = y + n * OH * OW * O;
    // Border pixels (padding only).
    for (int i = 0; i < OH; i++)
      for (int j = 0; j < OW; j++)
        if (i < i0 || i >= i1 || j < j0 || j >= j1)
          conv_pixel(xn, w, yn + (i * OW + j) * O, H, W, C, O, fh, fw, i * sh - top, j * sw - left);
    // Eight output channels at a time over every interior pixel: that slice of
    // w (fh*fw*C x 8) stays in cache while the image streams past it.
    for (int o = 0; o < o8; o += 8) {
      // Pixel t of the tile is (ia, ja); the next ones follow row-major without
      // divisions (four divisions per pixel cost MNIST's first layer, K = 9, half its time).
      int ia = i0, ja = j0;
      for (int t = 0; t < count; t += 4) {
        // Up to four interior pixels; a short last tile repeats its last pixel and stores it once.
        int ib = ia, jb = ja, ic, jc, id, jd;
        if (t + 1 < count) next_pixel(&ib, &jb, j0, j1);
        ic = ib; jc = jb;
        if (t + 2 < count) next_pixel(&ic, &jc, j0, j1);
        id = ic; jd = jc;
        if (t + 3 < count) next_pixel(&id, &jd, j0, j1);
        const float* pa = xn + ((ia * sh - top) * W + ja * sw - left) * C;
        const float* pb = xn + ((ib * sh - top) * W + jb * sw - left) * C;
        const float* pc = xn + ((ic * sh - top) * W + jc * sw - left) * C;
        const float* pd = xn + ((id * sh - top) * W + jd * sw - left) * C;
        TILE_ZERO(T);
        // One filter row's taps and channels (fw*C values) lie side by side in x
        // and in w: with few channels one loop runs over all of them (MNIST's
        // first layer, C = 1, 1.6x; RGB 1.2x), with many a loop per tap (8% faster).
        const int taps = C < 8 ? 1 : fw, run = C < 8 ? fw * C : C;
        for (int kh = 0; kh < fh; kh++) {
          for (int kw = 0; kw < taps; kw++) {
            const int off = (kh * W + kw) * C;
            const float *qa = pa + off, *qb = pb + off, *qc = pc + off, *qd = pd + off;
            const float* wp = w + (kh * fw + kw) * C * O + o;
            for (int m = 0; m < run; m++, wp += O) TILE_STEP(T, qa + m, qb + m, qc + m, qd + m, LOAD(wp), LOAD(wp + 4));
          }
        }
        STORE_ROW(yn + (ia * OW + ja) * O + o, T, 0);
        if (t + 1 < count) STORE_ROW(yn + (ib * OW + jb) * O + o, T, 1);
        if (t + 2 < count) STORE_ROW(yn + (ic * OW + jc) * O + o, T, 2);
        if (t + 3 < count) STORE_ROW(yn + (id * OW + jd) * O + o, T, 3);
        ia = id; ja = jd;
        if (t + 4 < count) next_pixel(&ia, &ja, j0, j1);
      }
    }
    for (int t = 0; t < count && o8 < O; t += 4) {
      if (o8 < O) {
        // The last O % 8 channels of these pixels.
        for (int r = 0; r < 4 && t + r < count; r++) {
          const int tr = t + r, ir = i0 + tr / cols, jr = j0 + tr % cols;
          const float* pr = xn + ((ir * sh - top) * W + jr * sw - left) * C;
          float* yr = yn + (ir * OW + jr) * O;
          for (int o1 = o8; o1 < O; o1++) {
            float a = 0.0f;
            for (int kh = 0; kh < fh; kh++)
              for (int kw = 0; kw < fw; kw++) {
                const float* xp = pr + (kh * W + kw) * C;
                const float* wp = w + (kh * fw + kw) * C * O + o1;
                for (int c = 0; c < C; c++, wp += O) a += xp[c] * *wp;
              }
            yr[o1] = a;
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// MaxPoolGrad for 2x2 windows with stride 2 inside the image (every preset's
// pool): dy goes to the first maximum of its window in row-major order (strict
// >, as the tfjs CPU backend); a window with no maximum (all NaN or -Infinity)
// passes nothing. Windows do not overlap, so dx is written, not accumulated.
// A work unit is one image.
// ---------------------------------------------------------------------------
EXPORT(max_pool_grad_2x2)
void max_pool_grad_2x2(const float* x, const float* dy, float* dx,
                       int H, int W, int C, int OH, int OW, int image_begin, int image_end) {
  const int rs = W * C;
  for (int n = image_begin; n < image_end; n++) {
    const float* xn = x + n * H * rs;
    float* dn = dx + n * H * rs;
    const float* gn = dy + n * OH * OW * C;
    // Rows and columns no window covers (odd sizes) get no gradient.
    if (OH * 2 < H) for (int k = OH * 2 * rs; k < H * rs; k++) dn[k] = 0.0f;
    for (int i = 0; i < OH; i++) {
      if (OW * 2 < W)
        for (int r = 0; r < 2; r++)
          for (int k = OW * 2 * C; k < rs; k++) dn[(2 * i + r) * rs + k] = 0.0f;
      for (int j = 0; j < OW; j++) {
        const int a = (2 * i * W + 2 * j) * C, b = a + C, c = a + rs, d = c + C;
        const float* g = gn + (i * OW + j) * C;
        int k = 0;
        for (; k + 4 <= C; k += 4) {
          const v128_t va = LOAD(xn + a + k), vb = LOAD(xn + b + k), vc = LOAD(xn + c + k), vd = LOAD(xn + d + k);
          const v128_t ma = wasm_f32x4_gt(va, wasm_f32x4_const_splat(-__builtin_inff()));
          v128_t max = wasm_v128_bitselect(va, wasm_f32x4_const_splat(-__builtin_inff()), ma);
          const v128_t mb = wasm_f32x4_gt(vb, max);
          max = wasm_v128_bitselect(vb, max, mb);
          const v128_t mc = wasm_f32x4_gt(vc, max);
          max = wasm_v128_bitselect(vc, max, mc);
          const v128_t md = wasm_f32x4_gt(vd, max);
          const v128_t gv = LOAD(g + k);
          const v128_t isD = md;
          const v128_t isC = wasm_v128_andnot(mc, md);
          const v128_t isB = wasm_v128_andnot(mb, wasm_v128_or(mc, md));
          const v128_t isA = wasm_v128_andnot(ma, wasm_v128_or(mb, wasm_v128_or(mc, md)));
          STORE(dn + a + k, wasm_v128_and(gv, isA));
          STORE(dn + b + k, wasm_v128_and(gv, isB));
          STORE(dn + c + k, wasm_v128_and(gv, isC));
          STORE(dn + d + k, wasm_v128_and(gv, isD));
        }
        for (; k < C; k++) {
          const float va = xn[a + k], vb = xn[b + k], vc = xn[c + k], vd = xn[d + k];
          int at = -1;
          float max = -__builtin_inff();
          if (va > max) { max = va; at = a + k; }
          if (vb > max) { max = vb; at = b + k; }
          if (vc > max) { max = vc; at = c + k; }
          if (vd > max) at = d + k;
          dn[a + k] = 0.0f; dn[b + k] = 0.0f; dn[c + k] = 0.0f; dn[d + k] = 0.0f;
          if (at >= 0) dn[at] = g[k];
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Column sums of a rows x width matrix (the bias gradient: dy summed over
// batch, rows and columns), float64 accumulators. A work unit is four columns.
// ---------------------------------------------------------------------------
EXPORT(sum_rows)
void sum_rows(const float* src, float* dst, int rows, int width, int unit_begin, int unit_end) {
  for (int u = unit_begin; u < unit_end; u++) {
    const int c = u * 4;
    if (c + 4 <= width) {
      v128_t lo = wasm_f64x2_const_splat(0), hi = lo;
      const float* p = src + c;
      for (int r = 0; r < rows; r++, p += width) {
        const v128_t v = LOAD(p);
        lo = wasm_f64x2_add(lo, wasm_f64x2_promote_low_f32x4(v));
        hi = wasm_f64x2_add(hi, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)));
      }
      STORE(dst + c, wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5));
    } else {
      for (int k = c; k < width; k++) {
        double a = 0;
        for (int r = 0; r < rows; r++) a += src[r * width + k];
        dst[k] = (float)a;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// One RMSprop step for one variable, as tfjs' RMSPropOptimizer (not centered)
// computes it op by op, in one pass:
//   ms'  = ms * decay + g^2 * (1 - decay)
//   mom' = mom * momentum + g * lr / sqrt(ms' + eps)
//   v'   = v - mom'
// Into new buffers (tfjs-wasm caches packed filters by tensor, so a weight
// must not change in place). Not split over threads: ~100k floats take ~0.1 ms.
// ---------------------------------------------------------------------------
EXPORT(rmsprop_update)
void rmsprop_update(const float* value, const float* ms, const float* mom, const float* grad,
                    float* value_out, float* ms_out, float* mom_out, int n,
                    float lr, float decay, float one_minus_decay, float momentum, float eps) {
  const v128_t vlr = wasm_f32x4_splat(lr), vdecay = wasm_f32x4_splat(decay), vkeep = wasm_f32x4_splat(one_minus_decay);
  const v128_t vmomentum = wasm_f32x4_splat(momentum), veps = wasm_f32x4_splat(eps);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t g = LOAD(grad + i);
    const v128_t m = ADD(MUL(LOAD(ms + i), vdecay), MUL(MUL(g, g), vkeep));
    const v128_t step = ADD(MUL(LOAD(mom + i), vmomentum), wasm_f32x4_div(MUL(g, vlr), wasm_f32x4_sqrt(ADD(m, veps))));
    STORE(ms_out + i, m);
    STORE(mom_out + i, step);
    STORE(value_out + i, wasm_f32x4_sub(LOAD(value + i), step));
  }
  for (; i < n; i++) {
    const float g = grad[i];
    const float m = ms[i] * decay + (g * g) * one_minus_decay;
    const float step = mom[i] * momentum + (g * lr) / __builtin_sqrtf(m + eps);
    ms_out[i] = m;
    mom_out[i] = step;
    value_out[i] = value[i] - step;
  }
}

// ---------------------------------------------------------------------------
// Forward convolution with the bias and (relu != 0) the ReLU in the same pass:
// each image is convolved by conv2d_forward, then its y, still in cache, gets
// y = max(y + b, 0). A training step then makes one tfjs call and one pass
// over each activation instead of three (Conv2D, Add, Relu). A work unit is
// one image.
// ---------------------------------------------------------------------------
static void bias_act_rows(float* y, const float* b, int rows, int O, int relu) {
  const v128_t zero = wasm_f32x4_const_splat(0);
  for (int r = 0; r < rows; r++, y += O) {
    int o = 0;
    for (; o + 4 <= O; o += 4) {
      const v128_t v = ADD(LOAD(y + o), LOAD(b + o));
      STORE(y + o, relu ? wasm_f32x4_max(v, zero) : v);
    }
    for (; o < O; o++) {
      const float v = y[o] + b[o];
      y[o] = relu && v < 0.0f ? 0.0f : v;
    }
  }
}

EXPORT(conv2d_forward_bias_act)
void conv2d_forward_bias_act(const float* x, const float* w, const float* b, float* y,
                             int N, int H, int W, int C, int OH, int OW, int O,
                             int fh, int fw, int sh, int sw, int top, int left, int relu,
                             int image_begin, int image_end) {
  for (int n = image_begin; n < image_end; n++) {
    conv2d_forward(x, w, y, N, H, W, C, OH, OW, O, fh, fw, sh, sw, top, left, n, n + 1);
    bias_act_rows(y + n * OH * OW * O, b, OH * OW, O, relu);
  }
}

// ---------------------------------------------------------------------------
// The backward pass of bias + ReLU in one pass, y = relu(z) [rows, width]:
//   dz = dy where y > 0, else 0;   partial[u] = sum of dz over unit u's rows
// A work unit is a block of `block` consecutive rows (contiguous memory);
// its column sums go to row u of `partial`, which sum_rows then adds up into
// the bias gradient. relu == 0 (linear) only sums dy (dz is dy itself).
// ---------------------------------------------------------------------------
EXPORT(bias_relu_grad)
void bias_relu_grad(const float* dy, const float* y, float* dz, float* partial,
                    int rows, int width, int block, int relu, int unit_begin, int unit_end) {
  const v128_t zero = wasm_f32x4_const_splat(0);
  for (int u = unit_begin; u < unit_end; u++) {
    float* acc = partial + u * width;
    for (int c = 0; c < width; c++) acc[c] = 0.0f;
    const int r1 = imin(rows, (u + 1) * block);
    for (int r = u * block; r < r1; r++) {
      const float* g = dy + r * width;
      const float* v = y + r * width;
      float* d = dz + r * width;
      int c = 0;
      if (relu) {
        for (; c + 4 <= width; c += 4) {
          const v128_t m = wasm_v128_and(LOAD(g + c), wasm_f32x4_gt(LOAD(v + c), zero));
          STORE(d + c, m);
          STORE(acc + c, ADD(LOAD(acc + c), m));
        }
        for (; c < width; c++) {
          const float m = v[c] > 0.0f ? g[c] : 0.0f;
          d[c] = m;
          acc[c] += m;
        }
      } else {
        for (; c + 4 <= width; c += 4) STORE(acc + c, ADD(LOAD(acc + c), LOAD(g + c)));
        for (; c < width; c++) acc[c] += g[c];
      }
    }
  }
}
