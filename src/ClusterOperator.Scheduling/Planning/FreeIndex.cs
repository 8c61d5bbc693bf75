using System.Numerics;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Nodes bucketed by free GPUs, each bucket a bitset over node indices. Best-fit for a pod is then a scan
/// of at most (max GPUs per node) buckets × (nodes ÷ 64) words, ANDed with a feasibility mask, instead of
/// a scan of all nodes; the lowest set bit gives the deterministic tie-break (node name order).
/// </summary>
internal sealed class FreeIndex
{
    private readonly ulong[][] _buckets;
    private readonly int[] _counts;

    public FreeIndex(int nodeCount, int maxFree)
    {
        Words = (nodeCount + 63) / 64;
        MaxFree = maxFree;
        _buckets = new ulong[maxFree + 1][];
        _counts = new int[maxFree + 1];
        for (var f = 0; f <= maxFree; f++)
        {
            _buckets[f] = new ulong[Words];
        }
    }

    public int Words { get; }

    public int MaxFree { get; }

    public void Add(int node, int free)
    {
        _buckets[free][node >> 6] |= 1UL << (node & 63);
        _counts[free]++;
    }

    public void Move(int node, int from, int to)
    {
        _buckets[from][node >> 6] &= ~(1UL << (node & 63));
        _counts[from]--;
        Add(node, to);
    }

    /// <summary>The feasible node with the fewest free GPUs that still has <paramref name="need"/>; −1 if none.</summary>
    public int BestFit(int need, ulong[] mask)
    {
        for (var f = Math.Max(need, 0); f <= MaxFree; f++)
        {
            if (_counts[f] == 0)
            {
                continue;
            }

            var bucket = _buckets[f];
            for (var w = 0; w < Words; w++)
            {
                var bits = bucket[w] & mask[w];
                if (bits != 0)
                {
                    return (w << 6) + BitOperations.TrailingZeroCount(bits);
                }
            }
        }

        return -1;
    }

    /// <summary>How many pods of <paramref name="gpus"/> GPUs the feasible nodes' free GPUs hold, counting up to <paramref name="enough"/>.</summary>
    public long CountPods(int gpus, ulong[] mask, long enough)
    {
        long pods = 0;
        for (var f = MaxFree; f >= gpus && f > 0; f--)
        {
            if (_counts[f] == 0)
            {
                continue;
            }

            var bucket = _buckets[f];
            var nodes = 0;
            for (var w = 0; w < Words; w++)
            {
                nodes += BitOperations.PopCount(bucket[w] & mask[w]);
            }

            pods += (long)nodes * (f / gpus);
            if (pods >= enough)
            {
                return pods;
            }
        }

        return pods;
    }

    /// <summary>Adds the feasible nodes with at least <paramref name="minFree"/> free GPUs to <paramref name="into"/>.</summary>
    public void Collect(int minFree, ulong[] mask, List<int> into)
    {
        for (var f = Math.Max(minFree, 0); f <= MaxFree; f++)
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
                    into.Add((w << 6) + BitOperations.TrailingZeroCount(bits));
                    bits &= bits - 1;
                }
            }
        }
    }
}
