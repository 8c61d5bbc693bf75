using System.Globalization;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Clusters;

/// <summary>
/// Reads a cluster CSV with header <c>name,gpus,gpu_type,rack</c> (the last two may be empty).
/// A wrong cluster would silently change every figure, so any bad row fails the whole file, listing every problem.
/// </summary>
public static class ClusterReader
{
    private const string Header = "name,gpus,gpu_type,rack";

    /// <exception cref="InputFormatException">The file has a wrong header, bad rows or no nodes.</exception>
    public static ClusterSpec ReadFile(string path)
    {
        using var reader = File.OpenText(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <exception cref="InputFormatException">The text has a wrong header, bad rows or no nodes.</exception>
    public static ClusterSpec Parse(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var errors = new List<string>();
        var nodes = new List<ClusterNodeSpec>();
        var firstLineOfName = new Dictionary<string, int>(StringComparer.Ordinal);
        TraceHeader? header = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!CsvLine.TrySplit(lineNumber == 1 ? line.TrimStart('\uFEFF') : line, fields, out var splitError))
            {
                errors.Add($"line {lineNumber}: {splitError}");
                continue;
            }

            if (header is null)
            {
                header = new TraceHeader(fields);
                if (!header.HasAll("name", "gpus"))
                {
                    throw new InputFormatException($"{name}: line {lineNumber}: unrecognised cluster header '{line}'; expected '{Header}'");
                }

                continue;
            }

            if (ReadNode(header, fields, out var error) is { } node)
            {
                if (firstLineOfName.TryAdd(node.Name, lineNumber))
                {
                    nodes.Add(node);
                }
                else
                {
                    errors.Add($"line {lineNumber}: duplicate node name '{node.Name}', first used on line {firstLineOfName[node.Name]}");
                }
            }
            else
            {
                errors.Add($"line {lineNumber}: {error}");
            }
        }

        if (header is null)
        {
            throw new InputFormatException($"{name}: the cluster file is empty; expected a header '{Header}'");
        }

        if (errors.Count > 0)
        {
            throw new InputFormatException($"{name}: {errors.Count} invalid row(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        }

        if (nodes.Count == 0)
        {
            throw new InputFormatException($"{name}: the cluster has no nodes");
        }

        return new ClusterSpec(nodes);
    }

    private static ClusterNodeSpec? ReadNode(TraceHeader header, List<string> fields, out string error)
    {
        error = string.Empty;
        if (fields.Count != header.Count)
        {
            error = $"expected {header.Count} columns, found {fields.Count}";
            return null;
        }

        var name = fields[header.IndexOf("name")];
        if (name.Length == 0)
        {
            error = "name is empty";
            return null;
        }

        var gpusText = fields[header.IndexOf("gpus")];
        if (!int.TryParse(gpusText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var gpus) || gpus < 0)
        {
            error = $"node {name}: gpus '{gpusText}' is not a non-negative whole number";
            return null;
        }

        return new ClusterNodeSpec(name, gpus, Optional(header, fields, "gpu_type"), Optional(header, fields, "rack"));
    }

    private static string? Optional(TraceHeader header, List<string> fields, string column) =>
        header.OptionalIndexOf(column) is { } index && fields[index].Length > 0 ? fields[index] : null;
}
