#!/usr/bin/env python3
"""Dev-only cross-check of Rfga.MLNet's box metrics against OpenCV (not run by CI).

Re-implements the box extraction and the BoxEvaluator bookkeeping of clovaai/wsolevaluation (commit 96f4b88)
with cv2.findContours(RETR_TREE, CHAIN_APPROX_SIMPLE), on seeded random score maps, and writes maps, boxes and
metrics to a JSON file that a scratch C# program compares with BoxSweep / BoxExtractor / BoxAccuracyAccumulator.

    /usr/bin/python3 tests/reference/wsol_reference_check.py out.json [--seed 1] [--small 1500] [--cams 40]

Needs Debian's python3-opencv and python3-numpy (OpenCV 4.6 was used for notes/wsol-metrics.md).
"""
import argparse
import json

import cv2
import numpy as np

_CONTOUR_INDEX = 1 if cv2.__version__.split('.')[0] == '3' else 0


def boxes_at(scoremap, threshold, multi):
    """Boxes of one float64 map [H, W] at one τ, as the reference's scoremap2bbox; returns a list of x0y0x1y1."""
    height, width = scoremap.shape
    grey = np.expand_dims((scoremap * 255).astype(np.uint8), 2)
    _, binary = cv2.threshold(grey, int(threshold * np.max(grey)), 255, cv2.THRESH_BINARY)
    contours = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)[_CONTOUR_INDEX]
    if len(contours) == 0:
        return [[0, 0, 0, 0]]
    if not multi:
        contours = [max(contours, key=cv2.contourArea)]
    out = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        out.append([int(x), int(y), int(min(x + w, width - 1)), int(min(y + h, height - 1))])
    return out


def iou_matrix(a, b):
    """IoU of every box of a against every box of b: integer areas, one float64 division, 0 if degenerate."""
    a = np.asarray(a, dtype=np.int64)[:, None, :]
    b = np.asarray(b, dtype=np.int64)[None, :, :]
    iw = np.maximum(0, np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]) + 1)
    ih = np.maximum(0, np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]) + 1)
    inter = iw * ih
    union = ((a[..., 2] - a[..., 0] + 1) * (a[..., 3] - a[..., 1] + 1)
             + (b[..., 2] - b[..., 0] + 1) * (b[..., 3] - b[..., 1] + 1) - inter)
    bad = union <= 0
    union[bad] = 1
    iou = inter / union
    iou[bad] = 0
    return iou


def resize_box(box, original, target):
    """The reference's resize_bbox: int(float(c) * float(T) / float(O))."""
    (ow, oh), (tw, th) = original, target
    x0, y0, x1, y1 = map(float, box)
    return [int(x0 * tw / ow), int(y0 * th / oh), int(x1 * tw / ow), int(y1 * th / oh)]


def random_map(rng, kind, max_side):
    w, h = int(rng.integers(1, max_side + 1)), int(rng.integers(1, max_side + 1))
    peak = 1.0 if rng.integers(4) == 0 else min(1.0, rng.integers(1, 256) / 255 + rng.random() * 0.0039)
    if kind == 0:
        m = rng.random((h, w)) * peak
    elif kind == 1:
        palette = np.array([0.0, rng.random() * peak, rng.random() * peak, peak])
        m = palette[rng.integers(0, 4, (h, w))]
    elif kind == 2:
        yy, xx = np.mgrid[0:h, 0:w]
        m = np.zeros((h, w))
        for _ in range(int(rng.integers(1, 5))):
            cx, cy, s = rng.random() * w, rng.random() * h, 0.5 + rng.random() * 4
            m += (0.3 + rng.random()) * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * s * s))
        m += 0.05 * rng.random((h, w))
        m = np.minimum(m / m.max() * peak, 1.0)
    elif kind == 3:
        m = np.zeros((h, w))
        for _ in range(int(rng.integers(1, 7))):
            x0, y0 = int(rng.integers(w)), int(rng.integers(h))
            x1, y1 = int(rng.integers(x0, w)), int(rng.integers(y0, h))
            level = rng.random() * peak
            if rng.integers(2) == 0:
                m[y0:y1 + 1, x0:x1 + 1] = level
            else:
                m[y0, x0:x1 + 1] = m[y1, x0:x1 + 1] = level
                m[y0:y1 + 1, x0] = m[y0:y1 + 1, x1] = level
        m.flat[int(rng.integers(m.size))] = peak
    else:
        density = rng.random()
        m = np.where(rng.random((h, w)) < density, peak * (0.5 + 0.5 * rng.random((h, w))), 0.0)
    # float32 values widened to float64, so that the C# float and double paths see the same numbers.
    return np.clip(m.astype(np.float32), 0, 1).astype(np.float64)


def cam_like_map(rng, side=224):
    """A map made like the reference's inference: low-res CAM, bicubic upsampling, min-max normalisation."""
    low = int(rng.choice([7, 14, 28]))
    cam = rng.random((low, low)).astype(np.float64) ** int(rng.integers(1, 5))
    cam = cv2.resize(cam, (side, side), interpolation=cv2.INTER_CUBIC)
    cam -= cam.min()
    cam /= cam.max()
    return cam.astype(np.float32).astype(np.float64)


def evaluate(maps, gts, sizes, taus, deltas, multi):
    """BoxEvaluator-style tallies plus the mIoU readings of notes/wsol-metrics.md §7."""
    num_correct = {d: np.zeros(len(taus)) for d in deltas}
    iou_sum = [0.0] * len(taus)
    per_image_sum = 0.0
    for m, gt, size in zip(maps, gts, sizes):
        h, w = m.shape
        gt_map = [resize_box(b, size, (w, h)) for b in gt]
        best = []
        for t in taus:
            boxes = boxes_at(m, t, multi)
            best.append(float(iou_matrix(boxes, gt_map).max()))
        for d in deltas:
            num_correct[d][np.where(np.asarray(best) >= (d / 100))[0]] += 1
        for i, v in enumerate(best):
            iou_sum[i] += v
        per_image_sum += max(best)
    n = len(maps)
    box_acc = {d: num_correct[d] * 100. / float(n) for d in deltas}
    return {
        'max_box_acc': [float(box_acc[d].max()) for d in deltas],
        'optimal_tau_index': [int(np.argmax(box_acc[d])) for d in deltas],
        'box_acc': [[float(v) for v in box_acc[d]] for d in deltas],
        'miou_curve': [s / n for s in iou_sum],
        'per_image_miou': per_image_sum / n,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('output')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--small', type=int, default=1500, help='number of small random maps')
    parser.add_argument('--cams', type=int, default=40, help='number of 224×224 CAM-like maps')
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    maps = [random_map(rng, k % 5, 40) for k in range(args.small)] + [cam_like_map(rng) for _ in range(args.cams)]
    grids = {0.05: list(np.arange(0, 1, 0.05)), 0.01: list(np.arange(0, 1, 0.01))}
    records = []
    for k, m in enumerate(maps):
        step = 0.01 if k % 3 == 0 or m.size > 1600 else 0.05
        taus = grids[step]
        records.append({
            'width': m.shape[1], 'height': m.shape[0], 'step': step,
            'map': [float(v) for v in m.ravel()],
            'single': [boxes_at(m, t, False)[0] for t in taus],
            'multi': [boxes_at(m, t, True) for t in taus],
        })

    datasets = []
    for name, multi, deltas, step, pick in [('maxboxacc-single', False, [50, 60, 70, 80, 90], 0.01, range(0, 300)),
                                            ('maxboxaccv2-multi', True, [30, 50, 70], 0.01, range(300, 600)),
                                            ('cams-single', False, [50, 60, 70, 80, 90], 0.01,
                                             range(args.small, args.small + args.cams))]:
        idx = [i for i in pick if i < len(maps)]
        gts, sizes = [], []
        for i in idx:
            ow, oh = int(rng.integers(1, 600)), int(rng.integers(1, 600))
            h, w = maps[i].shape
            boxes = []
            for _ in range(int(rng.integers(1, 4))):
                if rng.random() < 0.6:
                    # Near a predicted box, so that IoUs spread over (0, 1] and meet the δ boundaries.
                    b = boxes_at(maps[i], rng.random(), False)[0]
                    b = [max(0, int((c + int(rng.integers(-2, 3))) * (ow if j % 2 == 0 else oh) / (w if j % 2 == 0 else h)))
                         for j, c in enumerate(b)]
                    boxes.append([min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])])
                    continue
                x0, y0 = int(rng.integers(ow)), int(rng.integers(oh))
                boxes.append([x0, y0, min(ow - 1, x0 + int(rng.integers(ow))), min(oh - 1, y0 + int(rng.integers(oh)))])
            gts.append(boxes)
            sizes.append((ow, oh))
        result = evaluate([maps[i] for i in idx], gts, sizes, grids[step], deltas, multi)
        datasets.append({'name': name, 'multi': multi, 'deltas': deltas, 'step': step, 'map_indices': idx,
                         'gts': gts, 'sizes': [list(s) for s in sizes], **result})

    with open(args.output, 'w') as f:
        json.dump({'opencv': cv2.__version__, 'numpy': np.__version__, 'maps': records, 'datasets': datasets}, f)
    print(f'{len(records)} maps, {sum(len(r["single"]) for r in records)} (map, τ) pairs, '
          f'{len(datasets)} datasets -> {args.output} (OpenCV {cv2.__version__})')


if __name__ == '__main__':
    main()
