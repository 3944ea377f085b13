using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// Reusable workspace that binarises grey levels (on iff q &gt; thr) and derives the boxes of the reference's
/// <c>cv2.findContours(RETR_TREE)</c> contours by labelling, without contour tracing (notes/wsol-metrics.md §5).
/// </summary>
/// <remarks>
/// Work is confined to the crop = bounding box of the on pixels, surrounded by a one-cell frame. Every pixel
/// outside the crop is off and 4-connected to the image's outside (walk along its row or column away from
/// the crop), so the frame stands for the outside exactly. Buffers grow and are reused across calls.
/// </remarks>
internal sealed class ConnectedComponents
{
    // Cell states of the padded crop grid.
    private const byte Outside = 0; // frame, or off and 4-connected to the outside
    private const byte Off = 1;     // off and enclosed (once the outside flood has run)
    private const byte On = 2;
    private const byte Done = 3;    // visited by a labelling pass

    private byte[] _state = Array.Empty<byte>();
    private int[] _label = Array.Empty<int>();
    private int[] _stack = Array.Empty<int>();
    private int[] _rows = Array.Empty<int>();
    private int[] _minCol = Array.Empty<int>();
    private int[] _minRow = Array.Empty<int>();
    private int[] _maxCol = Array.Empty<int>();
    private int[] _maxRow = Array.Empty<int>();
    private long[] _halfArea = Array.Empty<long>();

    private int _stride;      // crop width + 2
    private int _cropWidth;
    private int _cropHeight;
    private int _originX;     // image column of padded column 0 (crop x0 − 1)
    private int _originY;     // image row of padded row 0 (crop y0 − 1)
    private int _width;       // image width
    private int _height;      // image height

    /// <summary>The box of the reference's no-contour fallback, (0, 0, 0, 0).</summary>
    internal static readonly PixelBox NoContourBox = new(0, 0, 0, 0);

    /// <summary>The bounding box of the pixels with q &gt; thr, or false when there are none.</summary>
    internal static bool TryFindOnBounds(ReadOnlySpan<byte> levels, int width, int height, int threshold, out PixelBox bounds)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = levels.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                if (row[x] > threshold)
                {
                    x0 = Math.Min(x0, x);
                    x1 = Math.Max(x1, x);
                    y0 = Math.Min(y0, y);
                    y1 = y;
                }
            }
        }

        bounds = x1 < 0 ? default : new PixelBox(x0, y0, x1, y1);
        return x1 >= 0;
    }

    /// <summary>
    /// The box of the contour <c>max(contours, key=contourArea)</c> picks: the top-level component (holes
    /// filled) with the largest 2×2-window area, ties to the one whose first raster pixel comes last.
    /// <c>onBounds</c> must be the exact, non-empty bounding box of the pixels with q &gt; threshold.
    /// </summary>
    internal PixelBox LargestBox(ReadOnlySpan<byte> levels, int width, int height, int threshold, PixelBox onBounds)
    {
        Load(levels, width, height, threshold, onBounds);
        FloodOutside();

        // 8-connected labelling of the filled set (on or enclosed off); labels follow the raster order of
        // their first pixel because the scan starts each label at its first pixel.
        byte[] state = _state;
        int stride = _stride;
        int labels = 0;
        for (int r = 1; r <= _cropHeight; r++)
        {
            int p = r * stride + 1;
            for (int c = 1; c <= _cropWidth; c++, p++)
            {
                if (state[p] == On || state[p] == Off)
                {
                    EnsureLabelCapacity(labels + 1);
                    Flood8(p, r, On, Off, labels, out _minCol[labels], out _minRow[labels], out _maxCol[labels], out _maxRow[labels]);
                    _halfArea[labels] = 0;
                    labels++;
                }
            }
        }

        // contourArea of an outer contour: windows with 4 filled pixels count 1, with 3 count 0.5. The pixels
        // of one window are mutually 8-adjacent, so they share a label. Windows touching the frame hold <= 2.
        int[] label = _label;
        long[] halfArea = _halfArea;
        for (int r = 1; r < _cropHeight; r++)
        {
            int p = r * stride + 1;
            int left = (state[p] == Done ? 1 : 0) + (state[p + stride] == Done ? 1 : 0);
            for (int c = 1; c < _cropWidth; c++, p++)
            {
                int right = (state[p + 1] == Done ? 1 : 0) + (state[p + 1 + stride] == Done ? 1 : 0);
                int n = left + right;
                if (n >= 3)
                {
                    halfArea[label[state[p] == Done ? p : p + 1]] += n == 4 ? 2 : 1;
                }

                left = right;
            }
        }

        int best = 0;
        for (int l = 1; l < labels; l++)
        {
            if (halfArea[l] >= halfArea[best])
            {
                best = l; // ">=": on a tie the later first pixel wins (it is listed first by OpenCV)
            }
        }

        return OuterBox(_minCol[best], _minRow[best], _maxCol[best], _maxRow[best]);
    }

    /// <summary>
    /// Appends the box of every contour: each 8-connected on component (nested ones included) and each hole
    /// (4-connected enclosed off component, its bbox grown by one). Returns the number appended (at least 1).
    /// <c>onBounds</c> must be the exact, non-empty bounding box of the pixels with q &gt; threshold.
    /// </summary>
    internal int AllBoxes(ReadOnlySpan<byte> levels, int width, int height, int threshold, PixelBox onBounds, List<PixelBox> boxes)
    {
        Load(levels, width, height, threshold, onBounds);
        FloodOutside();

        byte[] state = _state;
        int stride = _stride;
        int added = 0;
        for (int r = 1; r <= _cropHeight; r++)
        {
            int p = r * stride + 1;
            for (int c = 1; c <= _cropWidth; c++, p++)
            {
                if (state[p] == On)
                {
                    Flood8(p, r, On, On, -1, out int c0, out int r0, out int c1, out int r1);
                    boxes.Add(OuterBox(c0, r0, c1, r1));
                    added++;
                }
                else if (state[p] == Off)
                {
                    Flood4(p, r, out int c0, out int r0, out int c1, out int r1);
                    // A hole's contour runs along the on pixels around it: its bbox is the hole's grown by 1.
                    boxes.Add(OuterBox(c0 - 1, r0 - 1, c1 + 1, r1 + 1));
                    added++;
                }
            }
        }

        return added;
    }

    // Box of a contour whose boundingRect spans padded columns c0..c1 and rows r0..r1: the reference's
    // (x, y, min(x + w, W − 1), min(y + h, H − 1)), one past the last pixel and clamped.
    private PixelBox OuterBox(int c0, int r0, int c1, int r1) => new(
        _originX + c0,
        _originY + r0,
        Math.Min(_originX + c1 + 1, _width - 1),
        Math.Min(_originY + r1 + 1, _height - 1));

    private void Load(ReadOnlySpan<byte> levels, int width, int height, int threshold, PixelBox onBounds)
    {
        _width = width;
        _height = height;
        _cropWidth = onBounds.X1 - onBounds.X0 + 1;
        _cropHeight = onBounds.Y1 - onBounds.Y0 + 1;
        _originX = onBounds.X0 - 1;
        _originY = onBounds.Y0 - 1;
        _stride = _cropWidth + 2;
        int cells = _stride * (_cropHeight + 2);
        if (_state.Length < cells)
        {
            int capacity = Math.Max(cells, _state.Length * 2);
            _state = new byte[capacity];
            _label = new int[capacity];
            _stack = new int[capacity];
            _rows = new int[capacity];
        }

        byte[] state = _state;
        Array.Clear(state, 0, _stride);
        for (int r = 0; r < _cropHeight; r++)
        {
            int p = (r + 1) * _stride;
            ReadOnlySpan<byte> row = levels.Slice((onBounds.Y0 + r) * width + onBounds.X0, _cropWidth);
            state[p] = Outside;
            for (int c = 0; c < row.Length; c++)
            {
                state[p + 1 + c] = row[c] > threshold ? On : Off;
            }

            state[p + _cropWidth + 1] = Outside;
        }

        Array.Clear(state, (_cropHeight + 1) * _stride, _stride);
    }

    // Marks every off cell 4-connected to the frame as Outside; what stays Off is enclosed (holes).
    private void FloodOutside()
    {
        byte[] state = _state;
        int[] stack = _stack;
        int stride = _stride;
        int top = 0;
        int last = _cropHeight * stride;
        for (int c = 1; c <= _cropWidth; c++)
        {
            top = Seed(state, stack, top, stride + c);
            top = Seed(state, stack, top, last + c);
        }

        for (int r = 2; r < _cropHeight; r++)
        {
            top = Seed(state, stack, top, r * stride + 1);
            top = Seed(state, stack, top, r * stride + _cropWidth);
        }

        while (top > 0)
        {
            int p = stack[--top];
            if (state[p - 1] == Off) { state[p - 1] = Outside; stack[top++] = p - 1; }
            if (state[p + 1] == Off) { state[p + 1] = Outside; stack[top++] = p + 1; }
            if (state[p - stride] == Off) { state[p - stride] = Outside; stack[top++] = p - stride; }
            if (state[p + stride] == Off) { state[p + stride] = Outside; stack[top++] = p + stride; }
        }
    }

    private static int Seed(byte[] state, int[] stack, int top, int p)
    {
        if (state[p] == Off)
        {
            state[p] = Outside;
            stack[top++] = p;
        }

        return top;
    }

    // 8-connected flood from `start` (padded row `row`) over cells in state `a` or `b`, marking them Done;
    // writes `id` into the label buffer when id >= 0 and returns the padded bbox. Rows ride along on a
    // parallel stack so no division is needed.
    private void Flood8(int start, int row, byte a, byte b, int id, out int minC, out int minR, out int maxC, out int maxR)
    {
        byte[] state = _state;
        int[] stack = _stack;
        int[] rows = _rows;
        int[] label = _label;
        int stride = _stride;
        minC = int.MaxValue; minR = row; maxC = -1; maxR = row;
        state[start] = Done;
        stack[0] = start;
        rows[0] = row;
        int top = 1;
        while (top > 0)
        {
            top--;
            int p = stack[top], r = rows[top], c = p - r * stride;
            if (c < minC) minC = c;
            if (c > maxC) maxC = c;
            if (r > maxR) maxR = r; // the start is the first raster pixel, so minR = row
            if (id >= 0) label[p] = id;
            Push(state, stack, rows, ref top, p - stride - 1, r - 1, a, b);
            Push(state, stack, rows, ref top, p - stride, r - 1, a, b);
            Push(state, stack, rows, ref top, p - stride + 1, r - 1, a, b);
            Push(state, stack, rows, ref top, p - 1, r, a, b);
            Push(state, stack, rows, ref top, p + 1, r, a, b);
            Push(state, stack, rows, ref top, p + stride - 1, r + 1, a, b);
            Push(state, stack, rows, ref top, p + stride, r + 1, a, b);
            Push(state, stack, rows, ref top, p + stride + 1, r + 1, a, b);
        }
    }

    // 4-connected flood over enclosed off cells from `start` (padded row `row`); returns the padded bbox.
    private void Flood4(int start, int row, out int minC, out int minR, out int maxC, out int maxR)
    {
        byte[] state = _state;
        int[] stack = _stack;
        int[] rows = _rows;
        int stride = _stride;
        minC = int.MaxValue; minR = row; maxC = -1; maxR = row;
        state[start] = Done;
        stack[0] = start;
        rows[0] = row;
        int top = 1;
        while (top > 0)
        {
            top--;
            int p = stack[top], r = rows[top], c = p - r * stride;
            if (c < minC) minC = c;
            if (c > maxC) maxC = c;
            if (r > maxR) maxR = r;
            Push(state, stack, rows, ref top, p - stride, r - 1, Off, Off);
            Push(state, stack, rows, ref top, p - 1, r, Off, Off);
            Push(state, stack, rows, ref top, p + 1, r, Off, Off);
            Push(state, stack, rows, ref top, p + stride, r + 1, Off, Off);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Push(byte[] state, int[] stack, int[] rows, ref int top, int q, int row, byte a, byte b)
    {
        byte s = state[q];
        if (s == a || s == b)
        {
            state[q] = Done;
            stack[top] = q;
            rows[top] = row;
            top++;
        }
    }

    private void EnsureLabelCapacity(int count)
    {
        if (_minCol.Length >= count)
        {
            return;
        }

        int capacity = Math.Max(count, Math.Max(16, _minCol.Length * 2));
        Array.Resize(ref _minCol, capacity);
        Array.Resize(ref _minRow, capacity);
        Array.Resize(ref _maxCol, capacity);
        Array.Resize(ref _maxRow, capacity);
        Array.Resize(ref _halfArea, capacity);
    }
}
