namespace ClusterOperator.Simulation.Traces;

/// <summary>
/// Reads a job trace in the native or the Philly-derived format, detected by its header. Rows that cannot be
/// used are skipped and reported with their line and id; only an unrecognised header throws.
/// </summary>
public static class TraceReader
{
    private static readonly string NativeHeader = string.Join(',', NativeTraceRowReader.RequiredColumns) + ",gpu_type";
    private static readonly string PhillyHeader = string.Join(',', PhillyTraceRowReader.RequiredColumns);

    /// <exception cref="InputFormatException">The header is missing or not a known trace format.</exception>
    public static TraceParseResult ReadFile(string path)
    {
        using var reader = File.OpenText(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <param name="reader">The trace text.</param>
    /// <param name="name">A name for the trace in results and messages, e.g. the file name.</param>
    /// <exception cref="InputFormatException">The header is missing or not a known trace format.</exception>
    public static TraceParseResult Parse(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var lineNumber = 0;
        TraceRowReader? rows = null;
        var jobs = new List<TraceJob>();
        var invalid = new List<InvalidTraceRow>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (rows is null)
            {
                rows = DetectFormat(line, lineNumber, name, fields);
                continue;
            }

            if (!CsvLine.TrySplit(line, fields, out var splitError))
            {
                invalid.Add(new InvalidTraceRow(lineNumber, null, splitError));
                continue;
            }

            var id = rows.IdOf(fields);
            if (fields.Count != rows.ColumnCount)
            {
                invalid.Add(new InvalidTraceRow(lineNumber, id, $"expected {rows.ColumnCount} columns, found {fields.Count}"));
            }
            else if (!rows.TryRead(fields, lineNumber, out var job, out var reason))
            {
                invalid.Add(new InvalidTraceRow(lineNumber, id, reason));
            }
            else if (!firstLineOfId.TryAdd(job.Id, lineNumber))
            {
                invalid.Add(new InvalidTraceRow(lineNumber, job.Id, $"duplicate id, first used on line {firstLineOfId[job.Id]}"));
            }
            else
            {
                jobs.Add(job);
            }
        }

        if (rows is null)
        {
            throw new InputFormatException($"{name}: the trace is empty; expected a header '{NativeHeader}' or '{PhillyHeader},...'");
        }

        return new TraceParseResult(name, rows.Format, jobs, invalid);
    }

    private static TraceRowReader DetectFormat(string line, int lineNumber, string name, List<string> fields)
    {
        if (CsvLine.TrySplit(line, fields, out _))
        {
            var header = new TraceHeader(fields);
            if (header.HasAll(NativeTraceRowReader.RequiredColumns))
            {
                return new NativeTraceRowReader(header);
            }

            if (header.HasAll(PhillyTraceRowReader.RequiredColumns))
            {
                return new PhillyTraceRowReader(header);
            }
        }

        var shown = line.Length > 120 ? line[..120] + "..." : line;
        throw new InputFormatException(
            $"{name}: line {lineNumber}: unrecognised trace header '{shown}'; expected '{NativeHeader}' or the Philly-derived '{PhillyHeader},...'");
    }
}
