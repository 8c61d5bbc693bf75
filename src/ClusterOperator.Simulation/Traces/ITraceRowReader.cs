using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Simulation.Traces;

/// <summary>Reads the rows of one trace format, once its header has been matched.</summary>
internal interface ITraceRowReader
{
    TraceFormat Format { get; }

    int ColumnCount { get; }

    /// <summary>The row's id if it has one (for messages about rows that fail before their fields are read).</summary>
    string? IdOf(IReadOnlyList<string> fields);

    bool TryRead(IReadOnlyList<string> fields, int line, [NotNullWhen(true)] out TraceJob? job, out string reason);
}
