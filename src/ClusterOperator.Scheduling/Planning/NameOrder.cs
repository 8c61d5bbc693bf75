namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Ordinal name order (equal names in input order) at the cost of sorting integers: each name is keyed by its
/// four characters after the prefix all names share, and only names with equal keys are compared as strings.
/// Plans run on every change, and most of their items are pending work listed in queue order, not by name.
/// </summary>
internal static class NameOrder
{
    /// <summary>The input positions of <paramref name="names"/> in ordinal order, equal names in input order.</summary>
    public static int[] Of(string[] names)
    {
        var order = new int[names.Length];
        var sorted = true;
        for (var i = 0; i < names.Length; i++)
        {
            order[i] = i;
            sorted &= i == 0 || string.CompareOrdinal(names[i - 1], names[i]) <= 0;
        }

        if (sorted)
        {
            return order;
        }

        var skip = CommonPrefixLength(names);
        var keys = new ulong[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            keys[i] = Key(names[i], skip);
        }

        Array.Sort(keys, order);

        // Keys preserve ordinal order, so only runs of equal keys can be out of order: an insertion sort that
        // never crosses a key boundary finishes in time linear in the input plus those runs.
        for (var i = 1; i < order.Length; i++)
        {
            for (var j = i; j > 0 && keys[j - 1] == keys[j] && Compare(names, order[j - 1], order[j]) > 0; j--)
            {
                (order[j - 1], order[j]) = (order[j], order[j - 1]);
            }
        }

        return order;
    }

    private static int Compare(string[] names, int a, int b)
    {
        var c = string.CompareOrdinal(names[a], names[b]);
        return c != 0 ? c : a.CompareTo(b);
    }

    private static int CommonPrefixLength(string[] names)
    {
        var first = names[0].AsSpan();
        var length = first.Length;
        for (var i = 1; i < names.Length && length > 0; i++)
        {
            length = first[..length].CommonPrefixLength(names[i]);
        }

        return length;
    }

    /// <summary>Four UTF-16 code units after the shared prefix, most significant first; missing ones count as 0.</summary>
    private static ulong Key(string name, int skip)
    {
        ulong key = 0;
        for (var k = skip; k < skip + 4; k++)
        {
            key = (key << 16) | (k < name.Length ? name[k] : 0u);
        }

        return key;
    }
}
