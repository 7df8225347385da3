// Fused per-time-step kernels of the recurrent cells (LSTM, GRU, Elman RNN).
//
// Shapes, for `rows` active sequences and `hidden` units H, with G gates per unit:
//   xp    [rows, G*H]  input projection W_ih x + b_ih of this step
//   hp    [rows, G*H]  hidden projection W_hh h + b_hh of this step
//   saved [rows, S*H]  what backward needs (LSTM S = 6: i f g o c_prev tanh(c); GRU S = 4: r z n hn;
//                      RNN S = 1: h)
// Every array is row-major with rows packed back to back; gate order is PyTorch's
// (LSTM i f g o, GRU r z n).
#ifndef STRAND_RECURRENT_CELLS_H
#define STRAND_RECURRENT_CELLS_H

#include <stddef.h>

// c: [rows, H] c_{t-1} in, c_t out.  h_out: [rows, H] h_t.
void strand_lstm_forward(size_t rows, size_t hidden, const float *xp, const float *hp, float *saved, float *c, float *h_out);
// grad_h: [rows, H] dL/dh_t.  grad_c: [rows, H] dL/dc_t in, dL/dc_{t-1} out.
// grad_gates: [rows, 4H] dL/d(pre-activation gates), the gradient of both xp and hp.
void strand_lstm_backward(size_t rows, size_t hidden, const float *saved, const float *grad_h, float *grad_c, float *grad_gates);

// h_prev: [rows, H].  h_out: [rows, H] h_t = (1 - z) n + z h_prev.
void strand_gru_forward(size_t rows, size_t hidden, const float *xp, const float *hp, const float *h_prev, float *saved, float *h_out);
// grad_xp, grad_hp: [rows, 3H] (they differ in the n block: grad_hp's is multiplied by r).
// grad_h_prev: [rows, H] the direct part z * dL/dh_t (the part through hp is added by a product).
void strand_gru_backward(size_t rows, size_t hidden, const float *saved, const float *h_prev, const float *grad_h,
                         float *grad_xp, float *grad_hp, float *grad_h_prev);

// h_out: [rows, H] = tanh or relu(xp + hp).
void strand_rnn_forward(size_t rows, size_t hidden, const float *xp, const float *hp, int use_relu, float *saved, float *h_out);
// grad_gates: [rows, H] dL/d(xp + hp).
void strand_rnn_backward(size_t rows, size_t hidden, const float *saved, const float *grad_h, int use_relu, float *grad_gates);

#endif
