"""Makes the small Keras files the lab's unit tests open (testdata/keras/*.keras, *.h5) and what Keras
predicted with each (expected.json). Run once by hand in a venv with `pip install tensorflow-cpu`:

    /tmp/tfvenv/bin/python testdata/keras/make_fixtures.py

CI never runs this: the files and expected.json are committed. Inputs are 0-255 images from a fixed seed;
a model without a Rescaling layer is given them divided by 255, as the lab scales pixels outside it.
"""
import json
import os
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
keras.utils.set_random_seed(7)


def images(h, w, c, n=3):
    return np.random.default_rng(0).integers(0, 256, size=(n, h, w, c)).astype("float32")


def tiny_convnet():
    return keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            layers.Conv2D(4, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(3, activation="softmax"),
        ],
        name="tiny_convnet",
    )


def augmented():
    return keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            layers.RandomFlip("horizontal"),
            layers.RandomRotation(0.1),
            layers.RandomZoom(0.2),
            layers.Rescaling(1.0 / 255),
            layers.Conv2D(4, 3, padding="same", activation="relu"),
            layers.BatchNormalization(),
            layers.MaxPooling2D(2),
            layers.Conv2D(6, 3, activation="relu"),
            layers.GlobalAveragePooling2D(),
            layers.Dropout(0.5),
            layers.Dense(2, activation="softmax"),
        ],
        name="augmented",
    )


def functional_chain():
    inputs = keras.Input((8, 8, 1))
    x = layers.Conv2D(5, 3, strides=1, activation="relu")(inputs)
    x = layers.AveragePooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(6, activation="relu")(x)
    outputs = layers.Dense(4, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="functional_chain")


def randomize(model):
    # Non-trivial BatchNormalization statistics, so a mix-up of its four weights shows in the predictions.
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            g, b, m, v = layer.get_weights()
            rng = np.random.default_rng(1)
            layer.set_weights([g + 0.3, b + 0.1, rng.normal(0.2, 0.1, m.shape), rng.uniform(0.5, 2, v.shape)])


expected = {"keras_version": keras.__version__, "files": {}}


def keep(name, model, raw_input):
    x = images(*model.input_shape[1:])
    fed = x if raw_input else x / 255.0
    expected["files"][name] = {
        "input": x.reshape(-1).tolist(),
        "input_shape": list(x.shape),
        "input_divided_by_255": not raw_input,
        "output": model.predict(fed, verbose=0).reshape(-1).tolist(),
        "output_shape": [x.shape[0], model.output_shape[-1]],
    }


for make, raw in [(tiny_convnet, False), (augmented, True), (functional_chain, False)]:
    m = make()
    randomize(m)
    path = os.path.join(HERE, f"{m.name}.keras")
    m.save(path)
    keep(os.path.basename(path), keras.models.load_model(path), raw)

# Keras 2's full-model HDF5 (model_config attribute + model_weights group), as `model.save("x.h5")` writes it.
legacy = tiny_convnet()
legacy.save(os.path.join(HERE, "legacy_convnet.h5"))
keep("legacy_convnet.h5", legacy, False)

# An unknown layer class: the lab must name it and change nothing.
odd = keras.Sequential(
    [keras.Input((8, 8, 1)), layers.Conv2D(2, 3), layers.LayerNormalization(), layers.Flatten(), layers.Dense(2)],
    name="unknown_layer",
)
odd.save(os.path.join(HERE, "unknown_layer.keras"))

# Weights that do not fit: tiny_convnet's config with another model's weights.
with zipfile.ZipFile(os.path.join(HERE, "tiny_convnet.keras")) as a, zipfile.ZipFile(
    os.path.join(HERE, "functional_chain.keras")
) as b, zipfile.ZipFile(os.path.join(HERE, "wrong_weights.keras"), "w") as out:
    out.writestr("metadata.json", a.read("metadata.json"))
    out.writestr("config.json", a.read("config.json"))
    out.writestr("model.weights.h5", b.read("model.weights.h5"))

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print("keras", keras.__version__, "->", sorted(expected["files"]))
