"""Dev-only: writes cv2.resize (INTER_CUBIC / INTER_LINEAR) outputs on float64 maps, as the reference
pipeline resizes CAMs, to ../Rfga.MLNet.Tests/Localization/opencv_resize_cases.txt.
Each case is three lines: "<interp> w h W H", the source map, the resized map (shortest round-trip repr).
Run with Debian's python3-opencv (OpenCV 4.6.0). Not needed by the tests, which read the committed file."""
import cv2, numpy as np, pathlib
rng = np.random.RandomState(3)
cases = [((2, 3), (5, 7)), ((4, 4), (10, 10)), ((9, 9), (4, 4)), ((8, 8), (32, 32)), ((3, 5), (3, 5)), ((7, 5), (13, 29))]
out = []
for (h, w), (H, W) in cases:
    m = rng.rand(h, w).astype(np.float32).astype(np.float64)
    for name, interp in (("Bicubic", cv2.INTER_CUBIC), ("Bilinear", cv2.INTER_LINEAR)):
        r = cv2.resize(m, (W, H), interpolation=interp)
        out.append(f"{name} {w} {h} {W} {H}")
        out.append(" ".join(repr(float(v)) for v in m.ravel()))
        out.append(" ".join(repr(float(v)) for v in r.ravel()))
target = pathlib.Path(__file__).parent.parent / "Rfga.MLNet.Tests" / "Localization" / "opencv_resize_cases.txt"
target.write_text(f"# cv2 {cv2.__version__} numpy {np.__version__}\n" + "\n".join(out) + "\n")
