namespace ClusterOperator.Simulation.Traces;

/// <summary>Column positions of a header line, looked up by name (case-insensitive).</summary>
internal sealed class TraceHeader
{
    private readonly Dictionary<string, int> _columns;

    public TraceHeader(IReadOnlyList<string> names)
    {
        Count = names.Count;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            _columns.TryAdd(names[i], i);
        }
    }

    public int Count { get; }

    public bool HasAll(params string[] names) => names.All(_columns.ContainsKey);

    public int IndexOf(string name) => _columns[name];

    public int? OptionalIndexOf(string name) => _columns.TryGetValue(name, out var index) ? index : null;
}
