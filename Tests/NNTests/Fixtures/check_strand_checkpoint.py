"""Loads a checkpoint written by Strand into the equivalent PyTorch model and compares outputs.

    mkdir -p /tmp/interop
    STRAND_INTEROP_DIR=/tmp/interop swift test --filter aStrandCheckpointRoundTrips
    python3 Tests/NNTests/Fixtures/check_strand_checkpoint.py /tmp/interop     (dev-only; needs torch)
"""
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file

folder = Path(sys.argv[1])
# Take the model class from the fixture script without running the rest of it.
source = Path(__file__).with_name("make_fixtures.py").read_text()
namespace = {}
exec(source[source.index("class Small"):source.index("model = Small()")], {"nn": torch.nn, "torch": torch}, namespace)
model = namespace["Small"]()
state = load_file(str(folder / "strand_small.safetensors"))
model.load_state_dict(state, strict=True)  # raises on any missing or unexpected key
expected = load_file(str(folder / "strand_small_output.safetensors"))
model.eval()
with torch.no_grad():
    output = model(expected["ids"])
error = (output - expected["eval_output"]).abs().max().item()
print(f"loaded {len(state)} tensors written by Strand into torch {torch.__version__} (strict); max |torch − Strand| eval output = {error:.3g}")
assert error < 1e-5, error
