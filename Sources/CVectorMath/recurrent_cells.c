// Fused recurrent-cell kernels: one call per time step updates every active sequence's gates and
// state, vectorized across hidden units (see recurrent_cells.h for shapes). The matrix products
// around them (input and hidden projections, weight gradients) are BLAS calls made from Swift.
#include "recurrent_cells.h"

#include "lanes.h"

MULTIVERSION void strand_lstm_forward(size_t rows, size_t hidden, const float *xp, const float *hp, float *saved, float *c, float *h_out) {
    const size_t H = hidden;
    for (size_t row = 0; row < rows; row++) {
        const float *x = xp + row * 4 * H, *h = hp + row * 4 * H;
        float *s = saved + row * 6 * H, *cell = c + row * H, *out = h_out + row * H;
        ELEMENTWISE_LOOP
        for (size_t k = 0; k < H; k++) {
            float i = sigmoid_lane(x[k] + h[k]);
            float f = sigmoid_lane(x[H + k] + h[H + k]);
            float g = tanh_lane(x[2 * H + k] + h[2 * H + k]);
            float o = sigmoid_lane(x[3 * H + k] + h[3 * H + k]);
            float previous = cell[k];
            float next = f * previous + i * g;
            float squashed = tanh_lane(next);
            s[k] = i; s[H + k] = f; s[2 * H + k] = g; s[3 * H + k] = o;
            s[4 * H + k] = previous; s[5 * H + k] = squashed;
            cell[k] = next;
            out[k] = o * squashed;
        }
    }
}

MULTIVERSION void strand_lstm_backward(size_t rows, size_t hidden, const float *saved, const float *grad_h, float *grad_c, float *grad_gates) {
    const size_t H = hidden;
    for (size_t row = 0; row < rows; row++) {
        const float *s = saved + row * 6 * H, *dh = grad_h + row * H;
        float *dc = grad_c + row * H, *dg = grad_gates + row * 4 * H;
        ELEMENTWISE_LOOP
        for (size_t k = 0; k < H; k++) {
            float i = s[k], f = s[H + k], g = s[2 * H + k], o = s[3 * H + k];
            float previous = s[4 * H + k], squashed = s[5 * H + k];
            float d_out = dh[k] * squashed;
            float d_cell = dc[k] + dh[k] * o * (1.0f - squashed * squashed);
            dg[k] = d_cell * g * i * (1.0f - i);
            dg[H + k] = d_cell * previous * f * (1.0f - f);
            dg[2 * H + k] = d_cell * i * (1.0f - g * g);
            dg[3 * H + k] = d_out * o * (1.0f - o);
            dc[k] = d_cell * f;
        }
    }
}

MULTIVERSION void strand_gru_forward(size_t rows, size_t hidden, const float *xp, const float *hp, const float *h_prev, float *saved, float *h_out) {
    const size_t H = hidden;
    for (size_t row = 0; row < rows; row++) {
        const float *x = xp + row * 3 * H, *h = hp + row * 3 * H, *previous = h_prev + row * H;
        float *s = saved + row * 4 * H, *out = h_out + row * H;
        ELEMENTWISE_LOOP
        for (size_t k = 0; k < H; k++) {
            float r = sigmoid_lane(x[k] + h[k]);
            float z = sigmoid_lane(x[H + k] + h[H + k]);
            float hn = h[2 * H + k];
            float n = tanh_lane(x[2 * H + k] + r * hn);
            s[k] = r; s[H + k] = z; s[2 * H + k] = n; s[3 * H + k] = hn;
            out[k] = (1.0f - z) * n + z * previous[k];
        }
    }
}

MULTIVERSION void strand_gru_backward(size_t rows, size_t hidden, const float *saved, const float *h_prev, const float *grad_h,
                                      float *grad_xp, float *grad_hp, float *grad_h_prev) {
    const size_t H = hidden;
    for (size_t row = 0; row < rows; row++) {
        const float *s = saved + row * 4 * H, *previous = h_prev + row * H, *dh = grad_h + row * H;
        float *dx = grad_xp + row * 3 * H, *dhp = grad_hp + row * 3 * H, *dprev = grad_h_prev + row * H;
        ELEMENTWISE_LOOP
        for (size_t k = 0; k < H; k++) {
            float r = s[k], z = s[H + k], n = s[2 * H + k], hn = s[3 * H + k];
            float d_n = dh[k] * (1.0f - z) * (1.0f - n * n);
            float d_z = dh[k] * (previous[k] - n) * z * (1.0f - z);
            float d_r = d_n * hn * r * (1.0f - r);
            dx[k] = d_r; dx[H + k] = d_z; dx[2 * H + k] = d_n;
            dhp[k] = d_r; dhp[H + k] = d_z; dhp[2 * H + k] = d_n * r;
            dprev[k] = dh[k] * z;
        }
    }
}

MULTIVERSION void strand_rnn_forward(size_t rows, size_t hidden, const float *xp, const float *hp, int use_relu, float *saved, float *h_out) {
    const size_t count = rows * hidden;
    ELEMENTWISE_LOOP
    for (size_t k = 0; k < count; k++) {
        float pre = xp[k] + hp[k];
        float h = use_relu ? (pre > 0.0f ? pre : 0.0f) : tanh_lane(pre);
        saved[k] = h;
        h_out[k] = h;
    }
}

MULTIVERSION void strand_rnn_backward(size_t rows, size_t hidden, const float *saved, const float *grad_h, int use_relu, float *grad_gates) {
    const size_t count = rows * hidden;
    ELEMENTWISE_LOOP
    for (size_t k = 0; k < count; k++) {
        float h = saved[k];
        grad_gates[k] = grad_h[k] * (use_relu ? (h > 0.0f ? 1.0f : 0.0f) : 1.0f - h * h);
    }
}
