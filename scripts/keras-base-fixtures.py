# Makes the two Keras fixtures the base tests compare against (CI never runs Python; rerun by hand after a
# Keras change): src/model/bases/keras-layers.json (every layer's name, class, output shape and parameters, as
# keras.applications builds them with weights=None) and src/worker/model/bases/keras-forward.json (the output
# of each base with deterministic weights, sin-based, for a deterministic image, after Keras' preprocess_input).
#   python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu
#   /tmp/tfvenv/bin/python scripts/keras-base-fixtures.py   (made with TensorFlow 2.21.0, Keras 3.15.1)
import json, os
os.environ['TF_CPP_MIN_LOG_LEVEL']='3'
os.environ['TF_ENABLE_ONEDNN_OPTS'] = '0'
import numpy as np
import keras
out = {}
configs = [('vgg16', None, 180, 180), ('mobilenet_v2', 0.35, 96, 96), ('mobilenet_v2', 1.0, 45, 38),
           ('mobilenet_v2', 1.4, 224, 224), ('mobilenet_v2', 0.5, 160, 160), ('mobilenet_v2', 0.75, 128, 128), ('mobilenet_v2', 1.3, 192, 192)]
for base, alpha, h, w in configs:
    if base == 'vgg16':
        m = keras.applications.VGG16(weights=None, include_top=False, input_shape=(h, w, 3))
    else:
        m = keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(h, w, 3), alpha=alpha)
    key = f"{base}_{alpha}_{h}x{w}"
    out[key] = {'name': m.name, 'params': m.count_params(),
                'layers': [[l.name, l.__class__.__name__, list(l.output.shape[1:]), l.count_params()] for l in m.layers]}
    print(key, m.name, m.count_params(), len(m.layers))
json.dump(out, open('src/model/bases/keras-layers.json', 'w'), separators=(',', ':'))


def fill(model):
    j = 0
    for layer in model.layers:
        ws = layer.get_weights()
        if not ws: continue
        kind = layer.__class__.__name__
        new = []
        for i, w in enumerate(ws):
            k = np.arange(w.size, dtype=np.float64)
            f = np.sin(0.37 * k + 1.3 * j).reshape(w.shape)
            if kind == 'Conv2D':
                role = ['kernel', 'bias'][i]
            elif kind == 'DepthwiseConv2D':
                role = 'depthwise_kernel'
            else:
                role = ['gamma', 'beta', 'moving_mean', 'moving_variance'][i]
            if role in ('kernel', 'depthwise_kernel'):
                fan_in = int(np.prod(w.shape[:-1])) if role == 'kernel' else w.shape[0] * w.shape[1]
                v = f * np.sqrt(3.0 / fan_in)
            elif role == 'gamma': v = 1 + 0.1 * f
            elif role == 'moving_variance': v = 1 + 0.5 * np.abs(f)
            else: v = 0.1 * f
            new.append(v.astype(np.float32))
            j += 1
        layer.set_weights(new)

def image(h, w):
    b, y, x, c = np.meshgrid(np.arange(2), np.arange(h), np.arange(w), np.arange(3), indexing='ij')
    return (127.5 + 127.5 * np.sin(0.1 * y + 0.2 * x + 0.7 * c + b)).astype(np.float32)

out = {}
for base, alpha, h, w in [('vgg16', None, 32, 32), ('mobilenet_v2', 0.35, 45, 38), ('mobilenet_v2', 1.0, 64, 64)]:
    if base == 'vgg16':
        m = keras.applications.VGG16(weights=None, include_top=False, input_shape=(h, w, 3))
        pre = keras.applications.vgg16.preprocess_input
    else:
        m = keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(h, w, 3), alpha=alpha)
        pre = keras.applications.mobilenet_v2.preprocess_input
    fill(m)
    x = pre(image(h, w).copy())
    y = np.asarray(m(x, training=False)).astype(np.float64)
    key = f"{base}_{alpha}_{h}x{w}"
    out[key] = {'shape': list(y.shape), 'first': [float(v) for v in y.reshape(-1)[:32]],
                'sum': float(y.sum()), 'sumSq': float((y**2).sum()), 'max': float(y.max())}
    print(key, y.shape, y.sum(), y.max())
json.dump(out, open('src/worker/model/bases/keras-forward.json', 'w'), indent=1)
