namespace Rfga.MLNet.Localization;

/// <summary>The find of the sweeps' union-finds (parent arrays whose roots point at themselves).</summary>
internal static class UnionFind
{
    /// <summary>The root of <paramref name="node"/>, halving the path on the way (each node visited skips a level).</summary>
    public static int Find(int[] parent, int node)
    {
        while (true)
        {
            int up = parent[node];
            if (up == node)
            {
                return node;
            }

            int upper = parent[up];
            if (upper == up)
            {
                return up;
            }

            parent[node] = upper; // path halving
            node = upper;
        }
    }
}
