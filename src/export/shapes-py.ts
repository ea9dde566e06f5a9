// The lab's Shapes generator (src/data/shapes.ts) written out in Python for the
// exported script: the same seeded random streams (mulberry32 over FNV-1a of
// each image's path), the same drawing parameters per split and the same 2x2
// supersampled rasteriser, so the script draws the images the lab trained on,
// at the model's input size, grey or colour, capped per class as the lab capped
// them. shapes-py.test.ts runs it and compares its pixels with the lab's.
import { SHAPE_CLASSES, SHAPES_PER_CLASS, SHAPES_SEED, SHAPE_DRAWING } from '../data/shapes';

const pyList = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

/** The generator's functions (no third-party imports: the test runs them in a bare python3). */
export function shapesGeneratorPy(): string {
  const d = SHAPE_DRAWING;
  const counts = `{"train": ${SHAPES_PER_CLASS.train}, "val": ${SHAPES_PER_CLASS.val}, "test": ${SHAPES_PER_CLASS.test}}`;
  return `import math

SHAPES_SEED = ${SHAPES_SEED}
SHAPES_PER_CLASS = ${counts}
SHAPE_CLASSES = ${pyList(SHAPE_CLASSES)}
M32 = 0xFFFFFFFF


def _hash_string(text):  # FNV-1a, as the lab hashes a name into a seed
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & M32
    return h


def _seeded_random(seed, purpose):  # mulberry32, floats in [0, 1)
    state = [_hash_string(f"{seed}|{purpose}")]

    def random():
        state[0] = (state[0] + 0x6D2B79F5) & M32
        t = state[0]
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t = (t ^ ((t + ((t ^ (t >> 7)) * (t | 61))) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return random


def _round(x):  # JavaScript's Math.round: halves go up
    return math.floor(x + 0.5)


def _polygon(n, outer, inner):
    k = n if inner is None else n * 2
    turn = -math.pi / 2
    return [((inner if inner is not None and i % 2 == 1 else outer) * math.cos(turn + (i * 2 * math.pi) / k),
             (inner if inner is not None and i % 2 == 1 else outer) * math.sin(turn + (i * 2 * math.pi) / k))
            for i in range(k)]


_STAR = _polygon(5, 1, 0.42)
_TRIANGLE = _polygon(3, 1, None)


def _in_polygon(x, y, pts):
    inside = False
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > y) != (yj > y) and x < ((xj - xi) * (y - yi)) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


_INSIDE = {
    "circle": lambda x, y: x * x + y * y <= 0.85,
    "square": lambda x, y: abs(x) <= 0.78 and abs(y) <= 0.78,
    "star": lambda x, y: _in_polygon(x, y, _STAR),
    "triangle": lambda x, y: _in_polygon(x, y, _TRIANGLE),
}


def _hsl(h, s, l):
    def f(n):
        k = (n + h * 12) % 12
        return _round(255 * (l - s * min(l, 1 - l) * max(-1, min(k - 3, 9 - k, 1))))

    return [f(0), f(8), f(4)]


def shape_params(random, split):
    """Training images are tidy (upright within ±${d.trainTurnDegrees}°, one size); validation and test come from the wild."""
    wild = split != "train"
    size = ${d.wildSize[0]} + random() * ${d.wildSize[1]} if wild else ${d.trainSize[0]} + random() * ${d.trainSize[1]}
    room = max(0, 0.95 - size) * 0.3
    fg_light = 0.3 + random() * 0.4
    bg_light = random()
    if abs(bg_light - fg_light) < 0.3:
        bg_light = fg_light - 0.35 if fg_light > 0.5 else fg_light + 0.35
    cx = (random() * 2 - 1) * room
    cy = (random() * 2 - 1) * room
    angle = (random() * 2 - 1) * ((${d.wildTurnDegrees} * math.pi) / 180 if wild else (${d.trainTurnDegrees} * math.pi) / 180)
    flip_x = random() < 0.5
    flip_y = random() < 0.5
    fg = _hsl(random(), 0.75, fg_light)
    bg = _hsl(random(), 0.5, bg_light)
    return dict(cx=cx, cy=cy, size=size, angle=angle, flip_x=flip_x, flip_y=flip_y, fg=fg, bg=bg, noise=${d.noise})


def shape_pixels(split, shape, n, height, width, channels):
    """One image as bytes (height x width x channels), drawn as the lab draws it."""
    random = _seeded_random(SHAPES_SEED, f"shapes/{split}/{shape}/{n:03d}")
    p = shape_params(random, split)
    inside = _INSIDE[shape]
    cos, sin = math.cos(-p["angle"]), math.sin(-p["angle"])
    out = bytearray(height * width * channels)
    for y in range(height):
        for x in range(width):
            cover = 0
            for s in range(4):
                u = ((x + 0.25 + (s % 2) * 0.5) / width) * 2 - 1 - p["cx"]
                v = ((y + 0.25 + (s >> 1) * 0.5) / height) * 2 - 1 - p["cy"]
                sx = (u * cos - v * sin) / p["size"]
                sy = (u * sin + v * cos) / p["size"]
                if p["flip_x"]:
                    sx = -sx
                if p["flip_y"]:
                    sy = -sy
                if inside(sx, sy):
                    cover += 1
            t = cover / 4
            noise = (random() * 2 - 1) * p["noise"]
            rgb = [max(0, min(255, _round(p["fg"][c] * t + p["bg"][c] * (1 - t) + noise))) for c in range(3)]
            o = (y * width + x) * channels
            if channels == 1:
                out[o] = _round(0.2989 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2])
            else:
                out[o:o + 3] = bytes(rgb)
    return bytes(out)


def shapes_kept(max_per_class, seed):
    """(split, shape, n) of every image the lab keeps: all, or a seeded choice of at most max_per_class per class and split."""
    items = [(split, shape, n) for split in ("train", "val", "test")
             for shape in SHAPE_CLASSES for n in range(SHAPES_PER_CLASS[split])]
    if not max_per_class > 0:
        return items
    kept = []
    for split in ("train", "val", "test"):
        for label, shape in enumerate(SHAPE_CLASSES):
            group = [i for i, it in enumerate(items) if it[0] == split and it[1] == shape]
            random = _seeded_random(seed, f"cap:{label}|{split}")
            for i in range(len(group) - 1, 0, -1):  # Fisher-Yates, as the lab shuffles
                j = math.floor(random() * (i + 1))
                group[i], group[j] = group[j], group[i]
            kept += group[:max_per_class]
    return [items[i] for i in sorted(kept)]`;
}

/** The generator and the function that writes its images as a folder the script then reads. */
export function shapesMakerPy(d: {
  height: number;
  width: number;
  channels: 1 | 3;
  maxPerClass: number;
  seed: number;
}): string {
  const mode = d.channels === 1 ? 'L' : 'RGB';
  return `${shapesGeneratorPy()}


def make_shapes_folder(root):
    """Draws the lab's Shapes set as train/, validation/ and test/ folders of PNGs, one folder per shape:
    the same pixels as in the lab (${d.height}x${d.width}, ${d.channels === 1 ? 'grey' : 'colour'}${d.maxPerClass > 0 ? `, at most ${d.maxPerClass} per shape and split` : ''})."""
    from PIL import Image

    folders = {"train": "train", "val": "validation", "test": "test"}
    for split, shape, n in shapes_kept(${d.maxPerClass}, ${d.seed}):
        folder = os.path.join(root, folders[split], shape)
        os.makedirs(folder, exist_ok=True)
        pixels = shape_pixels(split, shape, n, ${d.height}, ${d.width}, ${d.channels})
        Image.frombytes(${JSON.stringify(mode)}, (${d.width}, ${d.height}), pixels).save(os.path.join(folder, f"{shape}_{n:03d}.png"))


if not os.path.isdir(DATA_DIR):
    print(f"Drawing the lab's Shapes set in {DATA_DIR} ...")
    make_shapes_folder(DATA_DIR)`;
}
