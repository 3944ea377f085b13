"""The community reference's per-threshold box computation, timed on maps written by bench/EvaluationBench.

Follows clovaai/wsolevaluation (evaluation.py, compute_bboxes_from_scoremaps): the map is quantised once to uint8
(scoremap * 255), then at every tau of np.arange(0, 1, 0.01) it is thresholded with cv2.threshold at
int(tau * max), traced with cv2.findContours(RETR_TREE, CHAIN_APPROX_SIMPLE), and each kept contour's
cv2.boundingRect gives (x, y, min(x + w, W - 1), min(y + h, H - 1)); the single-contour variant keeps
max(contours, key=cv2.contourArea); no contour gives (0, 0, 0, 0).

Usage (Debian: apt-get install python3-opencv python3-numpy):
  /usr/bin/python3 bench/reference_boxes.py --maps maps.f32 --count N (--side S | --sizes sizes.i32) --out DIR
Reads N float32 maps of S x S, or of the (height, width) pairs in sizes.i32 (row-major, back to back), writes DIR/single.i32 (N, T, 4), DIR/multi_counts.i32
(N, T), DIR/multi_boxes.i32 (K, 4) and prints one JSON line with the timings (the boxes only; reading the file and
writing the results are not timed) and the library versions.
"""
import argparse
import json
import os
import time

import cv2
import numpy as np


def boxes_at_thresholds(scoremap, thresholds, multi_contour_eval):
    height, width = scoremap.shape
    scoremap_image = np.expand_dims((scoremap * 255).astype(np.uint8), 2)
    peak = np.max(scoremap_image)
    result = []
    for threshold in thresholds:
        _, binary = cv2.threshold(src=scoremap_image, thresh=int(threshold * peak), maxval=255, type=cv2.THRESH_BINARY)
        contours = cv2.findContours(image=binary, mode=cv2.RETR_TREE, method=cv2.CHAIN_APPROX_SIMPLE)[0]
        if len(contours) == 0:
            result.append([[0, 0, 0, 0]])
            continue
        if not multi_contour_eval:
            contours = [max(contours, key=cv2.contourArea)]
        boxes = []
        for contour in contours:
            x, y, w, h = cv2.boundingRect(contour)
            boxes.append([x, y, min(x + w, width - 1), min(y + h, height - 1)])
        result.append(boxes)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maps", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--side", type=int)
    parser.add_argument("--sizes")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    values = np.fromfile(args.maps, dtype=np.float32)
    if args.sizes:
        sizes = np.fromfile(args.sizes, dtype=np.int32).reshape(args.count, 2)
    else:
        sizes = np.full((args.count, 2), args.side, dtype=np.int32)
    maps, offset = [], 0
    for height, width in sizes:
        maps.append(values[offset:offset + height * width].reshape(height, width))
        offset += height * width
    if offset != len(values):
        raise SystemExit(f"{args.maps}: {len(values)} values, the sizes need {offset}")
    thresholds = np.arange(0, 1, 0.01)  # wsolevaluation's cam_curve_interval 0.01

    timings = {}
    single = None
    multi = None
    for mode in ("single", "multi"):
        boxes_per_map = []
        start = time.perf_counter()
        for scoremap in maps:
            boxes_per_map.append(boxes_at_thresholds(scoremap, thresholds, mode == "multi"))
        timings[mode] = (time.perf_counter() - start) / args.count
        if mode == "single":
            single = np.asarray([[b[0] for b in per_map] for per_map in boxes_per_map], dtype=np.int32)
        else:
            multi = boxes_per_map

    os.makedirs(args.out, exist_ok=True)
    single.tofile(os.path.join(args.out, "single.i32"))
    np.asarray([[len(b) for b in per_map] for per_map in multi], dtype=np.int32).tofile(os.path.join(args.out, "multi_counts.i32"))
    flat = [box for per_map in multi for per_tau in per_map for box in per_tau]
    np.asarray(flat, dtype=np.int32).reshape(-1, 4).tofile(os.path.join(args.out, "multi_boxes.i32"))
    print(json.dumps({
        "single_seconds_per_map": timings["single"],
        "multi_seconds_per_map": timings["multi"],
        "thresholds": len(thresholds),
        "opencv": cv2.__version__,
        "numpy": np.__version__,
        "opencv_threads": cv2.getNumThreads(),
    }))


if __name__ == "__main__":
    main()
