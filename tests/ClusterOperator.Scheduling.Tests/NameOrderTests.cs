using ClusterOperator.Scheduling.Planning;
using CsCheck;

namespace ClusterOperator.Scheduling.Tests;

/// <summary>The integer-keyed id order and the id maps a plan returns.</summary>
public sealed class NameOrderTests
{
    // Code units that sort in surprising places: NUL (equal to a missing character in a key), '/' and a non-ASCII letter.
    private static readonly char[] Alphabet = ['\0', '/', '0', '9', 'a', 'b', 'é', '\uffff'];

    private static readonly Gen<string> Name =
        Gen.Select(Gen.Bool, Gen.Int[0, Alphabet.Length - 1].Array[0, 7])
            .Select((shared, chars) => (shared ? "team-a/run-" : string.Empty) + string.Concat(chars.Select(i => Alphabet[i])));

    [Fact]
    public void Name_order_is_a_stable_ordinal_sort()
    {
        Name.Array[0, 40].Sample(names =>
        {
            var expected = Enumerable.Range(0, names.Length).OrderBy(i => names[i], StringComparer.Ordinal).ToArray();

            Assert.Equal(expected, NameOrder.Of(names));
        });
    }

    [Fact]
    public void Duplicate_names_keep_their_input_order()
    {
        Assert.Equal([1, 3, 0, 2], NameOrder.Of(["b", "a", "b", "a"]));
    }

    [Fact]
    public void An_id_map_finds_every_id_and_only_those_in_id_order()
    {
        Name.Array[0, 30].Sample(names =>
        {
            var ids = names.Distinct().Order(StringComparer.Ordinal).ToArray();
            var map = new SortedIdMap<int>([.. ids, "unused"], [.. Enumerable.Range(0, ids.Length + 1)], ids.Length);

            Assert.Equal(ids, map.Keys);
            Assert.Equal(Enumerable.Range(0, ids.Length), map.Values);
            Assert.All(ids.Select((id, i) => (id, i)), e => Assert.Equal(e.i, map[e.id]));
            Assert.False(map.ContainsKey("unused"));
            Assert.False(map.TryGetValue("absent", out _));
            Assert.Throws<KeyNotFoundException>(() => map["absent"]);
        });
    }
}
