"""Loads the lab's exported .keras and .weights.h5 files in real Keras and checks they predict what the lab
predicted (within 1e-4) on the same 0-255 images. Run by hand (CI needs no Python):

    KERAS_EXPORT_DIR=/tmp/keras-export npx vitest run --project unit src/worker/model/keras-file.roundtrip.test.ts
    /tmp/tfvenv/bin/python testdata/keras/check_lab_exports.py /tmp/keras-export
"""
import glob
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

folder = sys.argv[1]
worst = 0.0
paths = sorted(glob.glob(os.path.join(folder, "*.keras")))
if not paths:
    sys.exit(f"no .keras files in {folder}")
for path in paths:
    stem = path[: -len(".keras")]
    with open(stem + ".json") as f:
        ref = json.load(f)
    x = np.array(ref["input"], dtype="float32").reshape(ref["shape"])
    model = keras.models.load_model(path)  # no custom objects
    got = model.predict(x, verbose=0).reshape(-1)
    diff = float(np.max(np.abs(got - np.array(ref["lab"]))))
    # The weights alone, into the same architecture.
    twin = keras.models.clone_model(model)
    twin.load_weights(stem + ".weights.h5")
    diff_w = float(np.max(np.abs(twin.predict(x, verbose=0).reshape(-1) - np.array(ref["lab"]))))
    worst = max(worst, diff, diff_w)
    print(f"{os.path.basename(path)}: {[l.__class__.__name__ for l in model.layers]} max |keras - lab| "
          f"{diff:.2e}, weights.h5 {diff_w:.2e}, compiled loss {model.loss}")
print("keras", keras.__version__, "worst difference", f"{worst:.2e}", "OK" if worst < 1e-4 else "TOO FAR")
sys.exit(0 if worst < 1e-4 else 1)
