"""Writes legacy-h5py.h5: a small weights file laid out by h5py exactly as Keras' legacy save_weights lays it out
(keras/src/legacy/saving/legacy_h5_format.py: save_weights_to_hdf5_group, save_attributes_to_hdf5_group), so the
lab's reader is tested on h5py's own encodings (fixed-length NULLPAD byte strings, an empty float64 array for a
layer without weights, scalar byte attributes, groups nested from names holding '/'), not only on h5wasm's.

Run with Debian's h5py (apt-get install python3-h5py): /usr/bin/python3 make_legacy_h5py.py
"""
import h5py
import numpy as np

rng = np.random.default_rng(7)
# (layer, [(weight name as saved, shape)]): Keras 2 names (nested) and Keras 1 names (flat) in one file.
LAYERS = [
    ("input_1", []),
    ("Conv1", [("Conv1/kernel:0", (3, 3, 3, 4))]),
    ("bn_Conv1", [(f"bn_Conv1/{n}:0", (4,)) for n in ("gamma", "beta", "moving_mean", "moving_variance")]),
    ("Conv1_relu", []),
    ("block1_conv1", [("block1_conv1_W_1:0", (3, 3, 4, 2)), ("block1_conv1_b_1:0", (2,))]),
]

with h5py.File("legacy-h5py.h5", "w") as f:
    f.attrs["layer_names"] = np.asarray([name.encode("utf8") for name, _ in LAYERS])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.2.4"
    for name, weights in sorted(LAYERS, key=lambda layer: layer[0]):
        g = f.create_group(name)
        g.attrs["weight_names"] = np.asarray([w.encode("utf8") for w, _ in weights])
        for w, shape in weights:
            g.create_dataset(w, shape, dtype="float32")[:] = rng.standard_normal(shape).astype("float32")

with h5py.File("legacy-h5py.h5", "r") as f:
    # What the test expects: each array's first value and sum, printed for legacy-h5py.json.
    import json

    out = {}
    for name, weights in LAYERS:
        out[name] = [[float(f[name][w][()].ravel()[0]), float(f[name][w][()].sum())] for w, _ in weights]
    with open("legacy-h5py.json", "w") as j:
        json.dump({"h5py": h5py.__version__, "hdf5": h5py.version.hdf5_version, "arrays": out}, j, indent=1)
