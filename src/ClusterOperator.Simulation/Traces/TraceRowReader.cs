using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Simulation.Traces;

/// <summary>
/// Reads the rows of one trace format, once its header has been matched. Both formats name a job by an id column
/// and charge it to an owner column, so those two are read here; each format reads the rest.
/// </summary>
internal abstract class TraceRowReader
{
    private readonly int _id;
    private readonly int _owner;
    private readonly string _idColumn;
    private readonly string _ownerColumn;

    protected TraceRowReader(TraceHeader header, string idColumn, string ownerColumn)
    {
        ColumnCount = header.Count;
        _id = header.IndexOf(idColumn);
        _owner = header.IndexOf(ownerColumn);
        _idColumn = idColumn;
        _ownerColumn = ownerColumn;
    }

    public abstract TraceFormat Format { get; }

    public int ColumnCount { get; }

    /// <summary>The row's id if it has one (for messages about rows that fail before their fields are read).</summary>
    public string? IdOf(IReadOnlyList<string> fields) =>
        _id < fields.Count && fields[_id].Length > 0 ? fields[_id] : null;

    /// <summary>Reads a row of <see cref="ColumnCount"/> fields; on failure, <paramref name="reason"/> names the column.</summary>
    public bool TryRead(IReadOnlyList<string> fields, int line, [NotNullWhen(true)] out TraceJob? job, out string reason)
    {
        job = null;
        var id = fields[_id];
        var owner = fields[_owner];
        reason = id.Length == 0 ? $"{_idColumn} is empty" : owner.Length == 0 ? $"{_ownerColumn} is empty" : string.Empty;
        return reason.Length == 0 && TryRead(fields, line, id, owner, out job, out reason);
    }

    /// <summary>Reads the format's other columns of a row whose id and owner are present.</summary>
    protected abstract bool TryRead(IReadOnlyList<string> fields, int line, string id, string owner, [NotNullWhen(true)] out TraceJob? job, out string reason);
}
