using System.Numerics;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Nodes bucketed by free GPUs, each bucket a bitset over node indices. Best-fit for a pod is then a scan
/// of at most (max GPUs per node) buckets × (nodes ÷ 64) words, ANDed with a feasibility mask, instead of
/// a scan of all nodes; the lowest set bit gives the deterministic tie-break (node name order).
/// Free counts from <see cref="ExactLimit"/> up share one last bucket whose nodes are looked at one by one,
/// so a node reporting absurd GPUs costs one bucket, not memory in proportion to its GPUs.
/// </summary>
internal sealed class FreeIndex
{
    /// <summary>Free counts below this have a bucket each; real nodes hold far fewer GPUs.</summary>
    public const int ExactLimit = 256;

    private readonly ulong[][] _buckets;
    private readonly int[] _counts;
    private readonly int[] _free;

    public FreeIndex(int nodeCount, int maxFree)
    {
        Words = (nodeCount + 63) / 64;
        MaxFree = maxFree;
        var levels = Math.Min(maxFree, ExactLimit) + 1;
        _buckets = new ulong[levels][];
        _counts = new int[levels];
        _free = new int[nodeCount];
        for (var f = 0; f < levels; f++)
        {
            _buckets[f] = new ulong[Words];
        }
    }

    public int Words { get; }

    public int MaxFree { get; }

    /// <summary>No node has a free GPU.</summary>
    public bool NoneFree => _counts[0] == _free.Length;

    private int Top => _buckets.Length - 1;

    public void Add(int node, int free)
    {
        var bucket = Bucket(free);
        _buckets[bucket][node >> 6] |= 1UL << (node & 63);
        _counts[bucket]++;
        _free[node] = free;
    }

    public void Move(int node, int from, int to)
    {
        var bucket = Bucket(from);
        _buckets[bucket][node >> 6] &= ~(1UL << (node & 63));
        _counts[bucket]--;
        Add(node, to);
    }

    /// <summary>The feasible node with the fewest free GPUs that still has <paramref name="need"/>; −1 if none.</summary>
    public int BestFit(int need, ulong[] mask)
    {
        if (need > MaxFree)
        {
            return -1;
        }

        // A need beyond the exact buckets can only be met in the shared one.
        for (var f = Math.Min(Math.Max(need, 0), Top); f <= Top; f++)
        {
            if (_counts[f] == 0)
            {
                continue;
            }

            var bucket = _buckets[f];
            var best = -1;
            for (var w = 0; w < Words; w++)
            {
                var bits = bucket[w] & mask[w];
                while (bits != 0)
                {
                    var node = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    if (!IsShared(f))
                    {
                        return node;
                    }

                    if (_free[node] >= need && (best < 0 || _free[node] < _free[best]))
                    {
                        best = node;
                    }

                    bits &= bits - 1;
                }
            }

            if (best >= 0)
            {
                return best;
            }
        }

        return -1;
    }

    /// <summary>How many pods of <paramref name="gpus"/> GPUs the feasible nodes' free GPUs hold, counting up to <paramref name="enough"/>.</summary>
    public long CountPods(int gpus, ulong[] mask, long enough)
    {
        long pods = 0;
        for (var f = Top; f > 0 && (f >= gpus || IsShared(f)); f--)
        {
            if (_counts[f] == 0)
            {
                continue;
            }

            var bucket = _buckets[f];
            for (var w = 0; w < Words; w++)
            {
                var bits = bucket[w] & mask[w];
                if (!IsShared(f))
                {
                    pods += (long)BitOperations.PopCount(bits) * (f / gpus);
                    continue;
                }

                while (bits != 0)
                {
                    pods += _free[(w << 6) + BitOperations.TrailingZeroCount(bits)] / gpus;
                    bits &= bits - 1;
                }
            }

            if (pods >= enough)
            {
                return pods;
            }
        }

        return pods;
    }

    /// <summary>Adds the feasible nodes with at least <paramref name="minFree"/> free GPUs to <paramref name="into"/>, fewest free first.</summary>
    public void Collect(int minFree, ulong[] mask, List<int> into)
    {
        for (var f = Math.Clamp(minFree, 0, Top); f <= Top; f++)
        {
            if (_counts[f] == 0)
            {
                continue;
            }

            var bucket = _buckets[f];
            for (var w = 0; w < Words; w++)
            {
                var bits = bucket[w] & mask[w];
                while (bits != 0)
                {
                    var node = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    if (_free[node] >= minFree)
                    {
                        into.Add(node);
                    }

                    bits &= bits - 1;
                }
            }
        }
    }

    private int Bucket(int free) => Math.Min(free, Top);

    /// <summary>The last bucket holds every free count from <see cref="ExactLimit"/> up, when there are such nodes.</summary>
    private static bool IsShared(int bucket) => bucket == ExactLimit;
}
