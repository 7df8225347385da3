"""Malformed safetensors files, state dicts and optimiser states, with the exact error each must
throw (dev-only; standard library only):
    python3 Tests/NNTests/Fixtures/make_malformed_corpus.py

Writes Malformed/<case>.safetensors and malformed_cases.json: [{"case", "loader", "expected"}],
"expected" being the error's description with the file's path written as {path}. The loaders:
safetensors (SafeTensors.read), batchNorm (BatchNorm1d(2).load, strict), adam (Adam over one
parameter of shape [2], loadStateDict). The bytes are written by hand, not by the safetensors
package, which refuses to write most of them.
"""
import json, math, shutil, struct
from pathlib import Path

here = Path(__file__).parent
corpus = here / "Malformed"
shutil.rmtree(corpus, ignore_errors=True)
corpus.mkdir()
cases = []


def safetensors(header, data=b"", header_length=None):
    """A file from a header (dict or raw JSON text) and data bytes; the length can be forged."""
    text = header if isinstance(header, str) else json.dumps(header)
    encoded = text.encode()
    return struct.pack("<Q", len(encoded) if header_length is None else header_length) + encoded + data


def tensors(**entries):
    """A valid file of (dtype, shape, bytes) entries, laid out in order."""
    header, data = {}, b""
    for name, (dtype, shape, payload) in entries.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    return safetensors(header, data)


def f32(*values): return struct.pack(f"<{len(values)}f", *values)
def i64(*values): return struct.pack(f"<{len(values)}q", *values)


def case(name, loader, contents, expected):
    (corpus / f"{name}.safetensors").write_bytes(contents)
    cases.append({"case": f"{name}.safetensors", "loader": loader, "expected": expected})


# The file itself (class 1: untrusted sizes; class 3: strict decoding).
case("shape_overflow", "safetensors", safetensors({"w": {"dtype": "F32", "shape": [2**62, 4], "data_offsets": [0, 0]}}),
     '{path}: tensor "w": shape [4611686018427387904, 4] of F32 needs more than Int.max bytes, data_offsets give 0')
case("shape_fraction", "safetensors", safetensors('{"w": {"dtype": "F32", "shape": [2.5, 2], "data_offsets": [0, 16]}}', f32(1, 2, 3, 4)),
     '{path}: tensor "w": "shape" must be a list of whole numbers, found [2.5,2]')
case("shape_boolean", "safetensors", safetensors('{"w": {"dtype": "F32", "shape": [true, 2], "data_offsets": [0, 8]}}', f32(1, 2)),
     '{path}: tensor "w": "shape" must be a list of whole numbers, found [true,2]')
case("offset_huge", "safetensors", safetensors('{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 1e30]}}', f32(1, 2)),
     '{path}: tensor "w": "data_offsets" must be a list of whole numbers, found [0,1e+30]')
case("metadata_not_strings", "safetensors", safetensors({"__metadata__": {"epoch": 3}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, f32(1)),
     '{path}: invalid safetensors header: "__metadata__" values must be strings, "epoch" is 3')
case("header_longer_than_file", "safetensors", safetensors({}, header_length=10**12),
     "{path}: truncated safetensors file: header declares 1000000000000 bytes but only 2 follow")
case("header_not_json", "safetensors", safetensors("{w: 1}"),
     "{path}: invalid safetensors header: not valid JSON: Invalid value around character 1.")
case("negative_shape", "safetensors", safetensors({"w": {"dtype": "F32", "shape": [-1, 2], "data_offsets": [0, 0]}}),
     '{path}: tensor "w": negative size in shape [-1, 2]')
case("offsets_outside", "safetensors", safetensors({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, f32(1)),
     '{path}: tensor "w": data_offsets [0, 8] lie outside the 4-byte buffer')
case("offsets_overlap", "safetensors", safetensors({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                                    "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, f32(1, 2)),
     "{path}: tensor \"b\": its bytes overlap the previous tensor's")
case("trailing_bytes", "safetensors", safetensors({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, f32(1, 2)),
     "{path}: truncated safetensors file: tensors cover 4 of the 8 data bytes")
case("unsupported_dtype", "safetensors", safetensors({"w": {"dtype": "F8_E4M3", "shape": [1], "data_offsets": [0, 1]}}, b"\0"),
     '{path}: tensor "w" has unsupported dtype "F8_E4M3"')
case("long_key", "safetensors", safetensors({"k" * 5000: {"dtype": "F32", "shape": [1], "data_offsets": [0, 8]}}, f32(1, 2)),
     '{path}: tensor "' + "k" * 60 + '"…(4940 more characters): shape [1] of F32 needs 4 bytes, data_offsets give 8')

# A BatchNorm1d(2)'s state dict (class 3: element types; class 4: non-finite weights; class 5).
def batch_norm(**changes):
    entries = {"weight": ("F32", [2], f32(1, 1)), "bias": ("F32", [2], f32(0, 0)), "running_mean": ("F32", [2], f32(0, 0)),
               "running_var": ("F32", [2], f32(1, 1)), "num_batches_tracked": ("I64", [], i64(0))}
    entries.update(changes)
    return tensors(**{k: v for k, v in entries.items() if v is not None})


case("float_counter", "batchNorm", batch_norm(num_batches_tracked=("F32", [], f32(3))),
     '{path}: Error(s) in loading state_dict: invalid value for "num_batches_tracked": a float tensor where the model has an integer tensor of shape []')
case("integer_weight", "batchNorm", batch_norm(weight=("I64", [2], i64(1, 1))),
     '{path}: Error(s) in loading state_dict: invalid value for "weight": an integer tensor where the model has a float tensor of shape [2]')
case("nan_weight", "batchNorm", batch_norm(bias=("F32", [2], f32(0, math.nan))),
     '{path}: Error(s) in loading state_dict: invalid value for "bias": weight 1 of 2 is nan (not finite)')
case("wrong_shape_and_missing", "batchNorm", batch_norm(weight=("F32", [3], f32(1, 1, 1)), bias=None),
     '{path}: Error(s) in loading state_dict: Missing key(s): "bias"; size mismatch for "weight": copying a tensor of shape [3], the shape in the current model is [2]')

# Adam's state over one parameter of shape [2] (class 2: impossible step counts).
def adam(step, exp_avg=(0, 0), lr=0.5):
    return tensors(**{"state.0.step": step, "state.0.exp_avg": ("F32", [2], f32(*exp_avg)), "state.0.exp_avg_sq": ("F32", [2], f32(0, 0)),
                      "groups.0.lr": ("F32", [], f32(lr))})


case("step_vector", "adam", adam(("I64", [2], i64(1, 2))),
     '{path}: Error(s) in loading state_dict: invalid value for "state.0.step": a step count must be one number, found a tensor of shape [2]')
case("step_negative", "adam", adam(("I64", [], i64(-1))),
     '{path}: Error(s) in loading state_dict: invalid value for "state.0.step": a step count cannot be negative, found -1')
case("step_fraction", "adam", adam(("F32", [], f32(2.5))),
     '{path}: Error(s) in loading state_dict: invalid value for "state.0.step": a step count must be a whole number, found 2.5')
case("step_nan", "adam", adam(("F32", [], f32(math.nan))),
     '{path}: Error(s) in loading state_dict: invalid value for "state.0.step": a step count must be a whole number, found nan')

case("moment_infinite", "adam", adam(("I64", [], i64(3)), exp_avg=(0, math.inf)),
     '{path}: Error(s) in loading state_dict: invalid value for "state.0.exp_avg": value 1 of 2 is inf (not finite)')
case("learning_rate_nan", "adam", adam(("I64", [], i64(3)), lr=math.nan),
     '{path}: Error(s) in loading state_dict: invalid value for "groups.0.lr": a group setting must be finite, found nan')

(here / "malformed_cases.json").write_text(json.dumps(cases, indent=1) + "\n")
print(f"{len(cases)} cases in {corpus}")
