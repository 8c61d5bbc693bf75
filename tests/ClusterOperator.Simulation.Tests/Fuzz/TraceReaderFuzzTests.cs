using System.Text;
using ClusterOperator.Simulation.Traces;
using CsCheck;

namespace ClusterOperator.Simulation.Tests.Fuzz;

/// <summary>
/// The trace reader fed random text: a known header with garbled rows, random headers, random bytes. Only an
/// unrecognised header may throw (InputFormatException); every other row becomes a sound job or a reported one.
/// </summary>
public sealed class TraceReaderFuzzTests
{
    private const string NativeHeader = "id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type";
    private const string PhillyHeader = "job_id,user,num_gpu,submit_time,iterations,model_name,duration,interval";

    /// <summary>Cases per property: modest for CI; set CsCheck_Iter to search harder locally.</summary>
    private static readonly long Iterations = long.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var n) ? n : 2_000;

    /// <summary>Field texts that sit at the edges of what the columns accept.</summary>
    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.OneOfConst(
            "", " ", "0", "1", "-1", "8", "9", "1.5", "-0", "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "2147483647", "2147483648",
            "-2147483648", "99999999999999999999", "0x10", "1,5", "training", "idea", "IDEA", "a100", "alice", "\"", "\"\"", "\"a,b\"",
            "\"unterminated", "x\"y", "\uFEFF1", "\u00A01", "١", "\0", "\uFFFD", "\ud800", "𝟘"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 6],
        Gen.String[Gen.Char[' ', '\u2FFF'], 0, 12].Select(s => s.Replace("\n", " ", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal)));

    private static readonly Gen<string> Row = Gen.OneOf(
        Field.Array[8].Select(fs => string.Join(',', fs)),
        Field.Array[0, 14].Select(fs => string.Join(',', fs)),
        Field.Array[8].Select(fs => string.Join(',', fs.Select(f => $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\""))));

    [Fact]
    public void Garbled_rows_under_a_known_header_are_each_read_or_reported()
    {
        Gen.Select(Gen.OneOfConst(NativeHeader, PhillyHeader), Row.Array[0, 30], Gen.Int[0, 3].Array[0, 30])
            .Sample((header, rows, blanks) =>
            {
                var lines = rows.Select((r, i) => i < blanks.Length && blanks[i] == 0 ? " " : r).ToList();
                var result = TraceReader.Parse(new StringReader(header + "\n" + string.Join('\n', lines)), "fuzz.csv");

                var dataRows = lines.Count(l => !string.IsNullOrWhiteSpace(l));
                Assert.Equal(dataRows, result.Jobs.Count + result.Invalid.Count);
                Assert.Equal(result.Jobs.Count, result.Jobs.Select(j => j.Id).Distinct(StringComparer.Ordinal).Count());
                Assert.All(result.Jobs, AssertSound);
                Assert.All(result.Invalid, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
            }, iter: Iterations);
    }

    [Fact]
    public void Random_text_is_a_trace_or_an_input_format_error()
    {
        Gen.OneOf(Gen.String, Row.Array[1, 5].Select(rs => string.Join('\n', rs)), Gen.Const(string.Empty))
            .Sample(text => ReadOrRefuse(text), iter: Iterations);
    }

    [Fact]
    public void Random_bytes_are_a_trace_or_an_input_format_error()
    {
        Gen.Select(Gen.OneOfConst(string.Empty, NativeHeader + "\n", PhillyHeader + "\n"), Gen.Byte.Array[0, 400])
            .Sample((header, bytes) => ReadOrRefuse(header + Encoding.UTF8.GetString(bytes)), iter: Iterations);
    }

    private static void ReadOrRefuse(string text)
    {
        try
        {
            var result = TraceReader.Parse(new StringReader(text), "fuzz.csv");
            Assert.All(result.Jobs, AssertSound);
        }
        catch (InputFormatException e)
        {
            Assert.StartsWith("fuzz.csv: ", e.Message, StringComparison.Ordinal);
        }
    }

    private static void AssertSound(TraceJob job)
    {
        Assert.False(string.IsNullOrEmpty(job.Id));
        Assert.False(string.IsNullOrEmpty(job.Owner));
        Assert.True(job.Replicas >= 1 && job.GpusPerReplica >= 1, $"{job.Id}: {job.Replicas} x {job.GpusPerReplica} GPUs");
        Assert.True((long)job.Replicas * job.GpusPerReplica <= int.MaxValue, $"{job.Id}: {job.Replicas} x {job.GpusPerReplica} GPUs overflows");
        Assert.True(double.IsFinite(job.SubmitSeconds) && job.SubmitSeconds >= 0, $"{job.Id}: submitted at {job.SubmitSeconds}");
        Assert.True(job.DurationSeconds is null || (double.IsFinite(job.DurationSeconds.Value) && job.DurationSeconds > 0), $"{job.Id}: runs {job.DurationSeconds} s");
        Assert.True(job.DurationSeconds is not null || job.Kind == TraceJobKind.Idea, $"{job.Id}: a training job without a duration");
    }
}
