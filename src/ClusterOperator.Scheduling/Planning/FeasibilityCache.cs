using System.Text;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Feasible node sets per (constraints, pool), computed once per plan. Workloads with equal constraints share
/// an entry, so matching costs O(nodes × distinct constraint sets) rather than O(nodes × workloads).
/// </summary>
internal sealed class FeasibilityCache(NodeTable nodes)
{
    private readonly Dictionary<NodeConstraints, int> _keyByReference = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _keyByText = new(StringComparer.Ordinal);
    private readonly List<NodeConstraints> _constraints = [];
    private readonly List<FeasibleSet?[]> _sets = [];
    private NodeConstraints? _lastConstraints;
    private int _lastKey;

    public int KeyOf(NodeConstraints constraints)
    {
        // Workloads mostly share one constraints object (often NodeConstraints.None): skip the lookup then.
        if (ReferenceEquals(constraints, _lastConstraints))
        {
            return _lastKey;
        }

        if (!_keyByReference.TryGetValue(constraints, out var key))
        {
            key = KeyOfNew(constraints);
        }

        _lastConstraints = constraints;
        _lastKey = key;
        return key;
    }

    private int KeyOfNew(NodeConstraints constraints)
    {
        var text = Canonical(constraints);
        if (!_keyByText.TryGetValue(text, out var key))
        {
            key = _constraints.Count;
            _constraints.Add(constraints);
            _keyByText[text] = key;
        }

        _keyByReference[constraints] = key;
        return key;
    }

    /// <summary>The set for a key from <see cref="KeyOf"/> and a pool, computed on first use.</summary>
    public FeasibleSet Get(int key, int pool)
    {
        while (_sets.Count <= key)
        {
            _sets.Add([]);
        }

        var sets = _sets[key];
        if (pool < sets.Length && sets[pool] is { } set)
        {
            return set;
        }

        var constraints = _constraints[key];
        var mask = new ulong[nodes.Index.Words];
        var list = new List<int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes.Usable[i] && nodes.Pool[i] == pool && ConstraintMatcher.Matches(nodes.Source[i], constraints))
            {
                mask[i >> 6] |= 1UL << (i & 63);
                list.Add(i);
            }
        }

        set = new FeasibleSet(mask, [.. list]);
        if (pool >= sets.Length)
        {
            Array.Resize(ref sets, pool + 1);
            _sets[key] = sets;
        }

        sets[pool] = set;
        return set;
    }

    /// <summary>A text equal for equal constraints (given in the same order); it only needs to be sound, not complete.</summary>
    private static string Canonical(NodeConstraints c)
    {
        var text = new StringBuilder();
        text.Append("type=").Append(c.GpuType?.Length).Append(':').Append(c.GpuType);
        foreach (var (key, value) in c.NodeSelector.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Field(text, "sel", key).Append('=').Append(value.Length).Append(':').Append(value);
        }

        foreach (var term in c.RequiredAffinity)
        {
            text.Append("|term");
            foreach (var r in term.MatchExpressions)
            {
                Field(text, "req", r.Key).Append(' ').Append(r.Operator);
                foreach (var v in r.Values ?? [])
                {
                    Field(text, "v", v);
                }
            }
        }

        foreach (var t in c.Tolerations)
        {
            Field(text, "tol", t.Key ?? string.Empty).Append(' ').Append(t.Operator).Append(' ').Append(t.Effect?.ToString() ?? "*");
            Field(text, "v", t.Value ?? string.Empty);
        }

        return text.ToString();
    }

    private static StringBuilder Field(StringBuilder text, string name, string value) =>
        text.Append('|').Append(name).Append(' ').Append(value.Length).Append(':').Append(value);
}
