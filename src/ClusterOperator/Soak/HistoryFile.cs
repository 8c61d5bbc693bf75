using System.Text.Json;
using ClusterOperator.Sandbox;

namespace ClusterOperator.Soak;

/// <summary>
/// Writes the API server's history as JSON lines (one committed change each, the object as stored), kept next to
/// the operator logs when a check fails, so every violation can be traced change by change.
/// </summary>
internal static class HistoryFile
{
    public static async Task WriteAsync(string path, IEnumerable<SandboxEvent> events, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path);
        foreach (var change in events.Where(e => e.Resource != "leases"))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(new
            {
                rv = change.ResourceVersion,
                time = change.Time,
                type = change.Type,
                resource = change.Resource,
                name = change.Name,
                body = change.Body,
            }).AsMemory(), ct);
        }
    }
}
